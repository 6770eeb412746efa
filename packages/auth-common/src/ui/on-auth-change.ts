import type { AuthUser } from '../types.js';
import { cacheOf, hydrate } from './auth-cache.js';
import { listenCrossTab, listenSameTab } from './broadcast.js';
import type { AuthUiApi } from './options.js';

function sameUser(a: AuthUser | null, b: AuthUser | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every(
      (key) =>
        (a as unknown as Record<string, unknown>)[key] === (b as unknown as Record<string, unknown>)[key],
    )
  );
}

/**
 * Calls `callback(user)` now and on every sign-in or sign-out, in this tab or another.
 * The first call is synchronous with what is cached (`null` when nothing is and nothing is loading;
 * skipped while a first load runs); after loading, it is called again only if the user differs.
 * Returns the function that stops listening.
 */
export function onAuthChange(api: AuthUiApi, callback: (user: AuthUser | null) => void): () => void {
  if (typeof callback !== 'function') throw new TypeError('onAuthChange: callback must be a function');
  const cache = cacheOf(api);
  let active = true;
  let last: AuthUser | null | undefined;
  const emit = (user: AuthUser | null) => {
    if (!active) return;
    last = user;
    callback(user);
  };
  const stopSame = listenSameTab((message) => emit(message.user));
  const stopOther = listenCrossTab((message) => emit(message.user));

  const coldAndLoading = cache.state === undefined && cache.hydrating !== undefined;
  if (!coldAndLoading) emit(cache.state?.user ?? null);
  hydrate(api).then(
    (state) => {
      const user = state.user ?? null;
      if (last === undefined || !sameUser(last, user)) emit(user);
    },
    () => {
      // Keep the first frame; the next subscriber retries the load.
    },
  );
  return () => {
    active = false;
    stopSame();
    stopOther();
  };
}
