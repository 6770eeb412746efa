import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { AuthState, AuthUser } from '../types.js';
import { cacheOf, hydrate, subscribe } from '../ui/auth-cache.js';
import type { AuthUiApi } from '../ui/options.js';

/** What {@link useAuthState} returns. */
export interface AuthStateView<U extends AuthUser = AuthUser> {
  /** The last known state; `undefined` until the first answer. */
  state: AuthState<U> | undefined;
  /** The signed-in user, or `null` (also while loading). */
  user: U | null;
  /** True until the first state arrived. */
  loading: boolean;
}

/**
 * The auth state of `api`, shared with every Authenticator, menu and hook on the page and kept in
 * step with other tabs; the component re-renders when it changes.
 */
export function useAuthState<U extends AuthUser = AuthUser>(api: AuthUiApi<U>): AuthStateView<U> {
  const listen = useCallback((onChange: () => void) => subscribe(api, onChange), [api]);
  const read = useCallback(() => cacheOf(api).state as AuthState<U> | undefined, [api]);
  const state = useSyncExternalStore(listen, read, () => undefined);
  useEffect(() => {
    hydrate(api).catch(() => {});
  }, [api]);
  return { state, user: state?.user ?? null, loading: state === undefined };
}
