/**
 * @module @blockyard/core/internal — what the two runtimes that serve a backend, the `blockyard` CLI
 * and the Lambda adapter of `@blockyard/aws`, share beyond the public entries: route collection while
 * a backend loads, the CORS and Host policies and the forwarding-header rule they apply outside the
 * handler too, the sandbox config path, and the config-document hook. Not for apps or blocks (they
 * have `@blockyard/core` and `@blockyard/core/block`); may change in any release.
 */

export { CONFIG_ROUTE_PATH } from './config-route.js';
export { CorsPolicy, compileOriginEntry, type OriginMatcher, SANDBOX_ORIGIN_PATTERN } from './cors.js';
export { forwardedEntry } from './forwarded.js';
export { HostPolicy, LOOPBACK_HOSTS } from './host-policy.js';
export { collectRoutes } from './raw-route/registry.js';
export type { RouteDefinition, RouteMatch, RouteTable } from './raw-route/route-table.js';
export { type ConfigDocumentLoader, useConfigDocument } from './runtime-config.js';
