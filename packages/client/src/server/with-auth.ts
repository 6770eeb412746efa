import { AsyncLocalStorage } from 'node:async_hooks';
import { ApiError } from '../api-error.js';
import { REQUEST_COOKIES_STORE_KEY } from '../ssr-cookies.js';
import { readProviderCookies } from './cookie-providers.js';

// One store per process, kept on globalThis so that every loaded copy of the client (a framework may
// bundle it twice) reads the cookies `withAuth` set.
function cookieStore(): AsyncLocalStorage<string> {
  const slot = globalThis as Record<string, unknown>;
  let store = slot[REQUEST_COOKIES_STORE_KEY] as AsyncLocalStorage<string> | undefined;
  if (!store) {
    store = new AsyncLocalStorage<string>();
    slot[REQUEST_COOKIES_STORE_KEY] = store;
  }
  return store;
}

/**
 * Runs `fn` so that every namespace-client call it makes forwards the caller's cookies (R-1007):
 * `cookies` when given and not blank; otherwise the cookies already in scope; otherwise the first
 * non-empty answer of the cookie providers (Next.js, Nuxt, your own). Without any cookies it throws
 * a 401 `ApiError` naming the providers it tried.
 */
export async function withAuth<T>(fn: () => T | Promise<T>, cookies?: string): Promise<T> {
  if (typeof fn !== 'function') throw new TypeError('withAuth: the first argument must be a function');
  const store = cookieStore();
  if (typeof cookies === 'string' && cookies.trim() !== '') return store.run(cookies, fn);
  const current = store.getStore();
  if (current !== undefined && current.trim() !== '') return fn();
  const { cookies: found, tried } = await readProviderCookies();
  if (found) return store.run(found, fn);
  throw new ApiError(
    `withAuth: No authentication cookies found. Tried providers: [${tried.join(', ')}]. Pass the request's ` +
      'cookie header as the second argument, or register a provider with registerCookieProvider().',
    401,
  );
}
