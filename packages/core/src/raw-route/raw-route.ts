import { isScope, Scope, type ScopeParent } from '../scope.js';
import { RawRouteErrors, rawRouteError } from './errors.js';
import { isReservedPath, normalizePath } from './path-pattern.js';
import { currentRouteRegistry } from './registry.js';
import type { RawRouteHandler, RawRouteMethod } from './route-table.js';

const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

/** Options of {@link RawRoute}. */
export interface RawRouteOptions {
  /** The HTTP method answered. */
  method: RawRouteMethod;
  /** Path pattern (`/users/{id}`, `/files/*`); derived from the scope chain when omitted. */
  path?: string;
  /** Writes the response through `context.response`. */
  handler: RawRouteHandler;
}

function parentOf(value: ScopeParent): ScopeParent | undefined {
  return (value as { parent?: ScopeParent }).parent;
}

// The ids of the scopes strictly between the root-level scope and the route, then the route id.
function derivePath(parent: ScopeParent, id: string): string {
  const ids = [id];
  let current: ScopeParent | undefined = parent;
  while (current && isScope(current)) {
    const above = parentOf(current);
    if (!above || !isScope(above)) break;
    ids.unshift(current.id);
    current = above;
  }
  return `/${ids.map(encodeURIComponent).join('/')}`;
}

/**
 * A plain HTTP route served next to the JSON-RPC API, e.g. a webhook or a health check:
 * `new RawRoute(scope, 'health', { method: 'GET', handler: (ctx) => ctx.response.send({ ok: true }) })`.
 * Routes register while the backend loads; the first registered match wins.
 */
export class RawRoute extends Scope {
  /** The method answered. */
  readonly method: RawRouteMethod;
  /** The normalized path pattern. */
  readonly path: string;
  /** The handler. */
  readonly handler: RawRouteHandler;

  constructor(scope: ScopeParent, id: string, options: RawRouteOptions) {
    super(id, { parent: scope });
    if (!options || !METHODS.has(options.method)) {
      throw rawRouteError(RawRouteErrors.InvalidRoute, `Invalid HTTP method: ${String(options?.method)}`);
    }
    if (typeof options.handler !== 'function') {
      throw rawRouteError(RawRouteErrors.InvalidRoute, `RawRoute ${id} needs a handler function`);
    }
    if (options.path !== undefined && typeof options.path !== 'string') {
      throw rawRouteError(RawRouteErrors.InvalidRoute, `RawRoute ${id} path must be a string`);
    }
    const raw = options.path ?? derivePath(scope, id);
    const path = normalizePath(raw.startsWith('/') ? raw : `/${raw}`);
    if (isReservedPath(path)) {
      throw rawRouteError(RawRouteErrors.InvalidRoute, `RawRoute path ${path} is reserved`);
    }
    this.method = options.method;
    this.path = path;
    this.handler = options.handler;
    currentRouteRegistry().add({ method: this.method, path: this.path, handler: this.handler });
  }
}
