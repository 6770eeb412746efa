/**
 * @module @blockyard/core/internal — pieces of the runtime that other Blockyard packages build on
 * (the CLI, blocks, adapters): the error factory and wire-error mapping, the options validator,
 * route collection, CORS and Host policies, redaction. Not for apps; may change in any release.
 */

export {
  type AnyFunction,
  API_NAMESPACE_MARKER,
  type ApiNamespaceConstructor,
  apiNamespaceName,
  isApiNamespace,
} from './api-namespace.js';
export { CONFIG_ROUTE_PATH } from './config-route.js';
export { CORE_ERROR_STATUS, coreError, errorFactory } from './core-errors.js';
export { CorsPolicy, compileOriginEntry, type OriginMatcher, SANDBOX_ORIGIN_PATTERN } from './cors.js';
export { DEFAULT_API_ERROR_NAME } from './errors.js';
export { forwardedEntry } from './forwarded.js';
export { HostPolicy, LOOPBACK_HOSTS } from './host-policy.js';
export { requestHeader } from './incoming-request.js';
export { isIntegerIn, isStringArray, OptionsError, optionsCheck } from './options-check.js';
export { collectRoutes } from './raw-route/registry.js';
export type { RouteDefinition, RouteMatch, RouteTable } from './raw-route/route-table.js';
export { isSensitiveKey, REDACTED, redact } from './redact.js';
export { isScope } from './scope.js';
export { describeThrown, retryAfterFor, toWireError, type WireError } from './wire-error.js';
