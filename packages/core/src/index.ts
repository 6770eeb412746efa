/**
 * @module @blockyard/core — the Blockyard runtime: block identity, typed JSON-RPC namespaces, raw
 * routes, the Web-standard request handler and its Node adapter.
 */

export {
  createNodeListener,
  type NodeListenerOptions,
} from './adapters/node/node-listener.js';
export {
  type AnyFunction,
  API_NAMESPACE_MARKER,
  type ApiHandler,
  type ApiMethods,
  ApiNamespace,
  type ApiNamespaceConstructor,
  apiNamespaceName,
  isApiNamespace,
} from './api-namespace.js';
export { DEFAULT_MAX_BODY_BYTES } from './body.js';
export { CONFIG_ROUTE_PATH } from './config-route.js';
export type { BlocksContext, BlocksRequest, BlocksResponse } from './context.js';
export { compileOriginEntry, SANDBOX_ORIGIN_PATTERN } from './cors.js';
export {
  ApiError,
  type ApiErrorOptions,
  DEFAULT_API_ERROR_NAME,
  hasAuthError,
  isBlocksError,
} from './errors.js';
export { createBlocksHandler } from './handler.js';
export type { BlocksHandler, BlocksHandlerOptions, BlocksMode, FetchInfo } from './handler-options.js';
export { LOOPBACK_HOSTS } from './host-policy.js';
export { RawRouteErrors } from './raw-route/errors.js';
export { RawRoute, type RawRouteOptions } from './raw-route/raw-route.js';
export { collectRoutes } from './raw-route/registry.js';
export type {
  RawRouteHandler,
  RawRouteMethod,
  RouteDefinition,
  RouteMatch,
  RouteTable,
} from './raw-route/route-table.js';
export { isSensitiveKey, REDACTED, redact } from './redact.js';
export { consoleRequestLog, type RequestLog } from './request-log.js';
export { RPC_PATH, RpcErrorCodes } from './rpc/codec.js';
export { isScope, Scope, type ScopeOptions, type ScopeParent } from './scope.js';
