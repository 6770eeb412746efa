import { warnUnknownOptions } from '../options-check.js';
import { isScope, Scope, type ScopeParent } from '../scope.js';
import { currentRouteRegistry, type RouteRegistration } from './registry.js';
import type { RawRouteHandler, RawRouteMethod } from './route-table.js';

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
    warnUnknownOptions(`RawRoute '${id}'`, options, ['method', 'path', 'handler']);
    const path = options?.path ?? derivePath(scope, id);
    const route = currentRouteRegistry().add({
      method: options?.method,
      path,
      handler: options?.handler,
    } as RouteRegistration);
    this.method = route.method;
    this.path = route.path;
    this.handler = route.handler;
  }
}
