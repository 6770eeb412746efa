/**
 * @module @blockyard/core/internal — pieces of the runtime that other Blockyard packages build on
 * (the CLI, blocks, adapters): the error factory and wire-error mapping, the options validator,
 * route collection, CORS and Host policies, redaction. Not for apps; may change in any release.
 */

export { nodeRequestHost } from './adapters/node/node-request-source.js';
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
export { type ErrorAnswer, type ErrorAnswerOptions, errorAnswer } from './error-answer.js';
export { DEFAULT_API_ERROR_NAME } from './errors.js';
export { addressOnly, forwardedClient, forwardedEntry, forwardedHost } from './forwarded.js';
export { HostPolicy, hostNotAllowed, LOOPBACK_HOSTS, MISDIRECTED_BODY } from './host-policy.js';
export { requestHeader } from './incoming-request.js';
export { isIntegerIn, isStringArray, OptionsError, optionsCheck } from './options-check.js';
export { collectRoutes } from './raw-route/registry.js';
export type { RouteDefinition, RouteMatch, RouteTable } from './raw-route/route-table.js';
export { isSensitiveKey, REDACTED, redact } from './redact.js';
export { isScope } from './scope.js';
export { type ReadServerEnvOptions, readServerEnv, type ServerEnv } from './server-env.js';
export { describeThrown, toWireError, type WireError } from './wire-error.js';
