import { optionsCheck } from '../options-check.js';
import { processSlot, replaceProcessSlot } from '../process-slot.js';
import { RawRouteErrors, rawRouteError } from './errors.js';
import { compilePath, extractParams, isReservedPath, normalizePath } from './path-pattern.js';
import type { HttpMethod, RawRouteHandler, RegisteredRoute, RouteMatch, RouteTable } from './route-table.js';

const REGISTRY_KEY = 'blockyard:route-registry';
const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

/** What {@link registerRoute} takes: a method, a path (normalized on registration) and a handler. */
export interface RouteRegistration {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: RawRouteHandler;
}

/** Collects routes while a backend loads; locked once the handler is created. */
export class RouteRegistry implements RouteTable {
  #locked = false;
  readonly #routes: RegisteredRoute[] = [];

  /** The routes, in registration order. */
  get routes(): readonly RegisteredRoute[] {
    return this.#routes;
  }

  /** Whether registration is closed. */
  get locked(): boolean {
    return this.#locked;
  }

  /** Closes registration; later {@link add} calls throw. */
  lock(): void {
    this.#locked = true;
  }

  /** Opens registration again. */
  unlock(): void {
    this.#locked = false;
  }

  /** Removes every route and opens registration. */
  clear(): void {
    this.#routes.length = 0;
    this.#locked = false;
  }

  /**
   * Registers a route: refused once locked; the method must be one of the seven; the path is
   * normalized (repeated slashes collapsed, trailing slash dropped) and may not be `/`, `/aws-blocks`
   * or `/aws-blocks/api` and below (case-insensitively); the same method and path twice is a
   * `DuplicateRouteException`.
   */
  add(registration: RouteRegistration): RegisteredRoute {
    if (this.#locked) {
      throw rawRouteError(
        RawRouteErrors.RegistryLocked,
        'Routes must be registered during initialization. Cannot register routes after handler creation.',
      );
    }
    const { method, handler } = registration ?? {};
    if (!METHODS.has(method)) {
      throw rawRouteError(
        RawRouteErrors.InvalidRoute,
        `Invalid HTTP method: ${String(method)}. Must be one of: ${[...METHODS].join(', ')}`,
      );
    }
    if (typeof handler !== 'function') {
      throw rawRouteError(RawRouteErrors.InvalidRoute, 'A route needs a handler function');
    }
    if (typeof registration.path !== 'string') {
      throw rawRouteError(RawRouteErrors.InvalidRoute, 'A route path must be a string');
    }
    const raw = registration.path.startsWith('/') ? registration.path : `/${registration.path}`;
    const path = normalizePath(raw);
    if (isReservedPath(path)) {
      throw rawRouteError(RawRouteErrors.InvalidRoute, `Route path ${path} is reserved`);
    }
    if (this.#routes.some((route) => route.method === method && route.path === path)) {
      throw rawRouteError(
        RawRouteErrors.DuplicateRoute,
        `${RawRouteErrors.DuplicateRoute}: ${method} ${path} is already registered`,
      );
    }
    const { pattern, paramNames } = compilePath(path);
    const route: RegisteredRoute = { method, path, handler, pattern, paramNames };
    this.#routes.push(route);
    return route;
  }

  /**
   * The first route (in registration order) whose method matches exactly and whose path matches
   * `pathname` with repeated slashes collapsed, or else without its trailing slash.
   */
  match(method: string, pathname: string): RouteMatch | null {
    if (this.#routes.length === 0) return null;
    const path = pathname.includes('//') ? pathname.replace(/\/{2,}/g, '/') : pathname;
    const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : undefined;
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const params =
        extractParams(route, path) ?? (trimmed === undefined ? null : extractParams(route, trimmed));
      if (params) return { route, params };
    }
    return null;
  }
}

/** The process-wide registry that RawRoute and {@link registerRoute} register into. */
export function currentRouteRegistry(): RouteRegistry {
  return processSlot(REGISTRY_KEY, () => new RouteRegistry());
}

/**
 * Runs `load` (typically the import of a backend) with a fresh, unlocked route registry, then locks
 * it: RawRoutes constructed afterwards throw. Returns what `load` returned and the collected routes.
 */
export async function collectRoutes<T>(load: () => Promise<T>): Promise<{ result: T; routes: RouteTable }> {
  optionsCheck('collectRoutes')(typeof load === 'function', 'load', 'a function');
  const registry = replaceProcessSlot(REGISTRY_KEY, new RouteRegistry());
  try {
    const result = await load();
    return { result, routes: registry };
  } finally {
    registry.lock();
  }
}

/**
 * Registers a raw route in the process-wide registry, as `new RawRoute(…)` does with its resolved
 * path. Throws `RawRouteErrors` names: `DuplicateRouteException`, `RouteRegistryLockedException`
 * (after the handler was created) and `InvalidRouteException`.
 */
export function registerRoute(route: RouteRegistration): void {
  currentRouteRegistry().add(route);
}

/**
 * The first registered route matching `method` and `path`, with its parameters, or `null`.
 */
export function matchRoute(method: string, path: string): RouteMatch | null {
  return currentRouteRegistry().match(method, path);
}

/** The registered routes, in registration order (read-only). */
export function getRegisteredRoutes(): readonly RegisteredRoute[] {
  return currentRouteRegistry().routes;
}

/** Removes every registered route and opens registration again (for tests). */
export function clearRouteRegistry(): void {
  currentRouteRegistry().clear();
}

/** Closes registration: a later route registration throws `RouteRegistryLockedException`. */
export function lockRouteRegistry(): void {
  currentRouteRegistry().lock();
}

/** Opens registration again after {@link lockRouteRegistry} (for tests). */
export function unlockRouteRegistry(): void {
  currentRouteRegistry().unlock();
}
