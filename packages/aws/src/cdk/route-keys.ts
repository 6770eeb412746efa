import type { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';

/** A RawRoute as the construct routes it: method and path pattern (`/users/{id}`, `/files/*`). */
export interface RawRouteSpec {
  method: string;
  path: string;
}

/** One HTTP API route: methods and an API Gateway path (`{name}`, `{proxy+}`). */
export interface HttpRouteSpec {
  path: string;
  methods: HttpMethod[];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

/**
 * The HTTP API routes that reach the function: the RPC endpoint (POST, and OPTIONS for preflight),
 * everything under `/aws-blocks/` (built-in routes), and each RawRoute with its CORS preflight. A
 * trailing `*` becomes `{proxy+}`. Paths the backend does not serve never invoke the function.
 */
export function routeKeys(rawRoutes: readonly RawRouteSpec[]): HttpRouteSpec[] {
  const byPath = new Map<string, Set<string>>([
    ['/aws-blocks/api', new Set(['POST', 'OPTIONS'])],
    ['/aws-blocks/{proxy+}', new Set(['ANY'])],
  ]);
  for (const route of rawRoutes) {
    const method = route.method.toUpperCase();
    if (!METHODS.has(method))
      throw new TypeError(`BlocksBackend: unsupported RawRoute method ${route.method}`);
    if (typeof route.path !== 'string' || !route.path.startsWith('/')) {
      throw new TypeError(`BlocksBackend: a RawRoute path starts with / (got ${String(route.path)})`);
    }
    const path = route.path.endsWith('/*') ? `${route.path.slice(0, -1)}{proxy+}` : route.path;
    if (path.startsWith('/aws-blocks/')) continue;
    const methods = byPath.get(path) ?? new Set<string>();
    methods.add(method).add('OPTIONS');
    byPath.set(path, methods);
  }
  return [...byPath].map(([path, methods]) => ({ path, methods: [...methods].sort() as HttpMethod[] }));
}
