/**
 * @module @blockyard/auth-common/ui — the framework-free Authenticator UI of Blockyard auth blocks:
 * `Authenticator`, `AuthenticatedContent`, `AccountMenuBar`, `onAuthChange`, `broadcastAuthChange`.
 * Browser-only; it imports no server code.
 */

export { AccountMenuBar } from './account-menu-bar.js';
export { AuthenticatedContent } from './authenticated-content.js';
export { Authenticator, type AuthUiElement } from './authenticator.js';
export { AUTH_CHANNEL, AUTH_EVENT, type AuthChangeMessage, broadcastAuthChange } from './broadcast.js';
export { onAuthChange } from './on-auth-change.js';
export type { ActionOverride, AuthenticatorOptions, AuthUiApi, FieldOverride } from './options.js';
