/**
 * @module @blockyard/auth-common/react — React bindings of the Authenticator UI: the
 * `<Authenticator api={authApi} />` component and the `useAuthState(authApi)` hook.
 */

export { Authenticator, type AuthenticatorProps } from './authenticator.js';
export { type AuthStateView, useAuthState } from './use-auth-state.js';
