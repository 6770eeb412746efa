/**
 * @module @blockyard/core — the Blockyard runtime: block identity, typed JSON-RPC namespaces, raw
 * routes and their registry, the error model, runtime configuration, SDK identifiers, the
 * Web-standard request handler and its Node adapter. What block and engine authors build on lives in
 * `@blockyard/core/block`.
 */

export { createNodeListener, type NodeListenerOptions } from './adapters/node/node-listener.js';
export { type ApiHandler, type ApiMethods, ApiNamespace } from './api-namespace.js';
export { DEFAULT_MAX_BODY_BYTES } from './body.js';
export { BLOCKS_AUTH_PREFIX, BLOCKS_RPC_PREFIX } from './constants.js';
export type { BlocksContext, BlocksRequest, BlocksResponse } from './context.js';
export { CoreErrors } from './core-errors.js';
export {
  ApiError,
  type ApiErrorOptions,
  DEFAULT_API_ERROR_NAME,
  hasAuthError,
  isBlocksError,
} from './errors.js';
export { createBlocksHandler } from './handler.js';
export type { BlocksHandler, BlocksHandlerOptions, BlocksMode, FetchInfo } from './handler-options.js';
export { RawRouteErrors } from './raw-route/errors.js';
export { RawRoute, type RawRouteOptions } from './raw-route/raw-route.js';
export {
  clearRouteRegistry,
  getRegisteredRoutes,
  lockRouteRegistry,
  matchRoute,
  type RouteRegistration,
  registerRoute,
  unlockRouteRegistry,
} from './raw-route/registry.js';
export type {
  HttpMethod,
  RawRouteHandler,
  RawRouteMethod,
  RegisteredRoute,
  RouteMatch,
} from './raw-route/route-table.js';
export { consoleRequestLog, type RequestLog } from './request-log.js';
export { RPC_PATH, RpcErrorCodes } from './rpc/codec.js';
export {
  _resetConfigCache,
  getConfig,
  getConfigSync,
  loadConfigToProcessEnv,
  preloadConfig,
} from './runtime-config.js';
export { type BuildingBlockMeta, Scope, type ScopeOptions, type ScopeParent } from './scope.js';
export {
  _resetSdkRegistry,
  getAllSdkIdentifiers,
  getSdkIdentifiers,
  registerSdkIdentifiers,
} from './sdk-identifiers.js';
