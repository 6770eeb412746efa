/**
 * @module @blockyard/core/errors — the error model shared by server and client (`ApiError`,
 * `isBlocksError`, `hasAuthError`), defined in the browser-safe `@blockyard/client/errors` module,
 * which imports nothing. Both packages hand out the same class.
 */

export {
  ApiError,
  type ApiErrorOptions,
  DEFAULT_API_ERROR_NAME,
  hasAuthError,
  isBlocksError,
} from '@blockyard/client/errors';
