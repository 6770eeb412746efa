/**
 * @module @blockyard/core/internal — what the two runtimes that serve a backend, the `blockyard` CLI
 * and the Lambda adapter of `@blockyard/aws`, share beyond the public entries: route collection while
 * a backend loads, the CORS and Host policies and the forwarding-header rule they apply outside the
 * handler too, the sandbox config path, and the config-document hook. Not for apps or blocks (they
 * have `@blockyard/core` and `@blockyard/core/block`); may change in any release.
 */

export { nodeRequestHost } from './adapters/node/node-request-source.js';
export { CONFIG_ROUTE_PATH } from './config-route.js';
export { coreError } from './core-errors.js';
export { CorsPolicy, compileOriginEntry, type OriginMatcher, SANDBOX_ORIGIN_PATTERN } from './cors.js';
export { type ErrorAnswer, type ErrorAnswerOptions, errorAnswer } from './error-answer.js';
export { addressOnly, forwardedClient, forwardedEntry, forwardedHost } from './forwarded.js';
export { HostPolicy, hostNotAllowed, LOOPBACK_HOSTS, MISDIRECTED_BODY } from './host-policy.js';
export { collectRoutes } from './raw-route/registry.js';
export type { RouteDefinition, RouteMatch, RouteTable } from './raw-route/route-table.js';
export { type ConfigDocumentLoader, useConfigDocument } from './runtime-config.js';
export { type ReadServerEnvOptions, readServerEnv, type ServerEnv } from './server-env.js';
