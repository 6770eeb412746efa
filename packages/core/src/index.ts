/**
 * @module @blockyard/core — the Blockyard runtime: block identity, typed JSON-RPC namespaces, raw
 * routes, the Web-standard request handler and its Node adapter.
 */

export {
  ApiError,
  type ApiErrorOptions,
  DEFAULT_API_ERROR_NAME,
  hasAuthError,
  isBlocksError,
} from './errors.js';
export { isScope, Scope, type ScopeOptions, type ScopeParent } from './scope.js';
