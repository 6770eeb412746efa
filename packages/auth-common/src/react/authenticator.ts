import { createElement, type ReactNode, useEffect, useRef } from 'react';
import type { AuthUser } from '../types.js';
import { setState } from '../ui/auth-cache.js';
import { Authenticator as createAuthenticator } from '../ui/authenticator.js';
import { broadcastAuthChange } from '../ui/broadcast.js';
import type { AuthenticatorOptions, AuthUiApi } from '../ui/options.js';
import { useAuthState } from './use-auth-state.js';

/** Props of the React {@link Authenticator}. */
export interface AuthenticatorProps<U extends AuthUser = AuthUser> {
  /** The auth namespace client (`authApi` from `aws-blocks`). */
  api: AuthUiApi<U>;
  /** The options of the framework-free Authenticator. */
  options?: AuthenticatorOptions;
  /** `'tabs'` for the Amplify-style layout (overrides `options.layout`); default: the reference's. */
  layout?: AuthenticatorOptions['layout'];
  /** Shown instead of the form while someone is signed in. */
  children?: (props: { user: U; signOut(): Promise<void> }) => ReactNode;
}

/**
 * The Authenticator as a React component. Without `children` it is the framework-free UI, mounted as
 * is; with `children`, signed-in users see `children({ user, signOut })` instead.
 */
export function Authenticator<U extends AuthUser = AuthUser>(props: AuthenticatorProps<U>): ReactNode {
  const { api, options, children, layout } = props;
  const { user } = useAuthState(api);
  const host = useRef<HTMLDivElement>(null);
  // Read when the form is created: an inline options object must not rebuild the form (and lose
  // what the user typed) on every render of the parent.
  const latestOptions = useRef(options);
  latestOptions.current = options;
  const showChildren = Boolean(children && user);

  useEffect(() => {
    const mount = host.current;
    if (!mount || showChildren) return;
    const element = createAuthenticator(
      api,
      layout ? { ...latestOptions.current, layout } : latestOptions.current,
    );
    mount.replaceChildren(element);
    return () => {
      element.dispose();
      element.remove();
    };
  }, [api, showChildren, layout]);

  if (children && user) {
    const signOut = async () => {
      const state = await api.setAuthState({ action: 'signOut' });
      setState(api, state);
      broadcastAuthChange(state.user ?? null);
    };
    return children({ user, signOut });
  }
  return createElement('div', { ref: host });
}
