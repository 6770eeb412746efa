/**
 * @module @blockyard/client/errors — the error model of `@blockyard/core/errors`, passed through so
 * that client code can import it from the package it already uses. There is one `ApiError` class.
 */

export {
  ApiError,
  type ApiErrorOptions,
  DEFAULT_API_ERROR_NAME,
  hasAuthError,
  isBlocksError,
} from '@blockyard/core/errors';
