/**
 * @module @blockyard/core — the Blockyard runtime: block identity, typed JSON-RPC namespaces, raw
 * routes, the error model, the Web-standard request handler and its Node adapter. What only other
 * Blockyard packages need lives in `@blockyard/core/internal`.
 */

export { createNodeListener, type NodeListenerOptions } from './adapters/node/node-listener.js';
export { type ApiHandler, type ApiMethods, ApiNamespace } from './api-namespace.js';
export { DEFAULT_MAX_BODY_BYTES } from './body.js';
export type { BlocksContext, BlocksRequest, BlocksResponse } from './context.js';
export { CoreErrors } from './core-errors.js';
export { ApiError, type ApiErrorOptions, hasAuthError, isBlocksError } from './errors.js';
export { createBlocksHandler } from './handler.js';
export type { BlocksHandler, BlocksHandlerOptions, BlocksMode, FetchInfo } from './handler-options.js';
export { RawRouteErrors } from './raw-route/errors.js';
export { RawRoute, type RawRouteOptions } from './raw-route/raw-route.js';
export type { RawRouteHandler, RawRouteMethod } from './raw-route/route-table.js';
export { consoleRequestLog, type RequestLog } from './request-log.js';
export { RPC_PATH, RpcErrorCodes } from './rpc/codec.js';
export { Scope, type ScopeOptions, type ScopeParent } from './scope.js';
