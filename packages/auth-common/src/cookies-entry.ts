/**
 * @module @blockyard/auth-common/cookies — the session cookie policy on its own entry point.
 */

export {
  buildCookieSecurityAttrs,
  type CookieSecurity,
  type CookieSecurityInput,
  isLocalRequest,
  isLoopbackHost,
  isLoopbackRequest,
  resolveCookieSecurity,
  type SameSite,
} from './cookies.js';
