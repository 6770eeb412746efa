/**
 * @module @blockyard/client — the browser and Node client of a Blocks API: namespace proxies
 * (`ApiNamespaceClient`), API URL resolution, middleware and the error helpers. Browser-safe: it
 * imports no server code and no Node module.
 */

export {
  ApiError,
  type ApiErrorOptions,
  DEFAULT_API_ERROR_NAME,
  hasAuthError,
  isBlocksError,
} from './api-error.js';
export { ClientErrors } from './errors.js';
export {
  type ClientMiddleware,
  type ClientRequest,
  clearMiddleware,
  type RequestHookResult,
  registerMiddleware,
} from './middleware.js';
export {
  ApiNamespaceClient,
  type ApiNamespaceClientOptions,
  type NamespaceClient,
} from './namespace-client.js';
export {
  type ApiUrlSource,
  configureApiUrl,
  isValidApiUrl,
  resetApiUrl,
  resolveApiUrl,
  SANDBOX_CONFIG_PATH,
} from './resolve-url.js';
export { mergeRequestCookies, REQUEST_COOKIES_STORE_KEY } from './ssr-cookies.js';
export { configureTokenProvider, type TokenProvider } from './token-provider.js';
