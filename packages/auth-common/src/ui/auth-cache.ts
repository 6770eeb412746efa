import type { AuthState } from '../types.js';
import { listenCrossTab } from './broadcast.js';
import type { AuthUiApi } from './options.js';

type Listener = (state: AuthState) => void;

/** What the UI knows about one auth API. */
export interface AuthCache {
  state: AuthState | undefined;
  hydrating: Promise<AuthState> | undefined;
  readonly listeners: Set<Listener>;
  stopCrossTab: (() => void) | undefined;
}

const caches = new WeakMap<object, AuthCache>();

/** The cache of `api`, created on first use. */
export function cacheOf(api: AuthUiApi): AuthCache {
  let cache = caches.get(api);
  if (!cache) {
    cache = { state: undefined, hydrating: undefined, listeners: new Set(), stopCrossTab: undefined };
    caches.set(api, cache);
  }
  return cache;
}

/**
 * Loads the state once: concurrent callers share one `getAuthState()`; a failure clears the marker
 * so that the next caller tries again.
 */
export function hydrate(api: AuthUiApi): Promise<AuthState> {
  const cache = cacheOf(api);
  if (cache.state) return Promise.resolve(cache.state);
  cache.hydrating ??= api.getAuthState().then(
    (state) => {
      cache.hydrating = undefined;
      if (!cache.state) setState(api, state);
      return cache.state ?? state;
    },
    (error: unknown) => {
      cache.hydrating = undefined;
      throw error;
    },
  );
  return cache.hydrating;
}

/** Stores `state` and tells every subscriber. */
export function setState(api: AuthUiApi, state: AuthState): void {
  const cache = cacheOf(api);
  cache.state = state;
  for (const listener of [...cache.listeners]) listener(state);
}

/** Asks the server again (after another tab signed in or out) and stores the answer. */
export async function refresh(api: AuthUiApi): Promise<void> {
  try {
    setState(api, await api.getAuthState());
  } catch {
    // Offline or server gone: keep what is shown; the next action reports the error.
  }
}

/**
 * Calls `listener` on every stored state until the returned function is called. While anyone
 * listens, a sign-in or sign-out in another tab makes the cache ask the server again.
 */
export function subscribe(api: AuthUiApi, listener: Listener): () => void {
  const cache = cacheOf(api);
  cache.listeners.add(listener);
  cache.stopCrossTab ??= listenCrossTab(() => void refresh(api));
  return () => {
    cache.listeners.delete(listener);
    if (cache.listeners.size === 0) {
      cache.stopCrossTab?.();
      cache.stopCrossTab = undefined;
    }
  };
}
