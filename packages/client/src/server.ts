/**
 * @module @blockyard/client/server — server-side rendering helpers: `withAuth` forwards the incoming
 * request's cookies on every client call made inside it; cookie providers find them in Next.js and
 * Nuxt. Re-exports the browser entry. Node only.
 */

export * from './index.js';
export {
  type CookieProvider,
  clearCookieProviders,
  registerCookieProvider,
  resetCookieProviders,
} from './server/cookie-providers.js';
export { withAuth } from './server/with-auth.js';
