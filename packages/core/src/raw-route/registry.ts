import { optionsCheck } from '../options-check.js';
import { RawRouteErrors, rawRouteError } from './errors.js';
import { compilePath, type PathPattern } from './path-pattern.js';
import type { RouteDefinition, RouteMatch, RouteTable } from './route-table.js';

const REGISTRY_KEY = Symbol.for('blockyard:route-registry');

interface CompiledRoute {
  definition: RouteDefinition;
  pattern: PathPattern;
}

/** Collects routes while a backend loads; locked once the handler is created. */
export class RouteRegistry implements RouteTable {
  #locked = false;
  readonly #compiled: CompiledRoute[] = [];
  readonly #keys = new Set<string>();

  /** The routes, in registration order. */
  get routes(): readonly RouteDefinition[] {
    return this.#compiled.map((entry) => entry.definition);
  }

  /** Whether registration is closed. */
  get locked(): boolean {
    return this.#locked;
  }

  /** Closes registration; later {@link add} calls throw. */
  lock(): void {
    this.#locked = true;
  }

  /** Registers a route whose path is already normalized and validated. */
  add(definition: RouteDefinition): void {
    if (this.#locked) {
      throw rawRouteError(
        RawRouteErrors.RegistryLocked,
        'Routes must be registered during initialization. Cannot register routes after handler creation.',
      );
    }
    const key = `${definition.method} ${definition.path}`;
    if (this.#keys.has(key)) {
      throw rawRouteError(
        RawRouteErrors.DuplicateRoute,
        `A route for ${definition.method} ${definition.path} is already registered`,
      );
    }
    const pattern = compilePath(definition.path);
    this.#keys.add(key);
    this.#compiled.push({ definition, pattern });
  }

  /** The first route matching `method` and `pathname` (repeated slashes collapsed, trailing slash retried). */
  match(method: string, pathname: string): RouteMatch | null {
    if (this.#compiled.length === 0) return null;
    const path = pathname.includes('//') ? pathname.replace(/\/{2,}/g, '/') : pathname;
    return (
      this.#find(method, path) ??
      (path.length > 1 && path.endsWith('/') ? this.#find(method, path.slice(0, -1)) : null)
    );
  }

  #find(method: string, path: string): RouteMatch | null {
    for (const { definition, pattern } of this.#compiled) {
      if (definition.method !== method) continue;
      const params = pattern.exec(path);
      if (params) return { route: definition, params };
    }
    return null;
  }
}

/** The process-wide registry RawRoute constructors register into (kept on `globalThis`). */
export function currentRouteRegistry(): RouteRegistry {
  const g = globalThis as { [REGISTRY_KEY]?: RouteRegistry };
  g[REGISTRY_KEY] ??= new RouteRegistry();
  return g[REGISTRY_KEY];
}

/**
 * Runs `load` (typically the import of a backend) with a fresh, unlocked route registry, then locks
 * it: RawRoutes constructed afterwards throw. Returns what `load` returned and the collected routes.
 */
export async function collectRoutes<T>(load: () => Promise<T>): Promise<{ result: T; routes: RouteTable }> {
  optionsCheck('collectRoutes')(typeof load === 'function', 'load', 'a function');
  const registry = new RouteRegistry();
  (globalThis as { [REGISTRY_KEY]?: RouteRegistry })[REGISTRY_KEY] = registry;
  try {
    const result = await load();
    return { result, routes: registry };
  } finally {
    registry.lock();
  }
}
