import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { CONFIG_ROUTE_PATH, DEFAULT_SANDBOX_PORT, sandboxConfigBody } from './config-route.js';
import { CorsPolicy, PREFLIGHT_HEADERS, SANDBOX_ORIGIN_PATTERN } from './cors.js';
import { trustedHops } from './forwarded.js';
import type { BlocksHandler, BlocksHandlerOptions, FetchInfo } from './handler-options.js';
import { HostPolicy, MISDIRECTED_BODY } from './host-policy.js';
import { isIntegerIn, isStringArray, optionsCheck, warnUnknownOptions } from './options-check.js';
import { dispatchRawRoute } from './raw-route/dispatch.js';
import { currentRouteRegistry } from './raw-route/registry.js';
import type { RouteTable } from './raw-route/route-table.js';
import { warn } from './request-log.js';
import type { RequestSource } from './request-source.js';
import { RPC_PATH } from './rpc/codec.js';
import { RpcEndpoint } from './rpc/dispatch.js';
import { WebRequestSource } from './web-request-source.js';
import { toWebResponse, type WireResponse } from './wire-response.js';

/** Internal entry the Node adapter uses to skip Web `Request`/`Response` objects. */
export const HANDLE_SOURCE = Symbol.for('blockyard:core:handle-source@1');

/** The internal face of a handler made by {@link createBlocksHandler}. */
export interface SourceHandler {
  /** Trusted proxy hops (D-21). */
  readonly hops: number;
  /** Whether `X-Forwarded-Host` is read from those hops (D-21 amended). */
  readonly trustForwardedHost: boolean;
  handle(source: RequestSource): Promise<WireResponse>;
}

const JSON_HEADERS = ['content-type', 'application/json'];
const VARY: readonly string[] = ['vary', 'Origin'];
const FORBIDDEN_BODY = '{"error":"Forbidden: cross-origin request rejected"}';
const NOT_FOUND_BODY = '{"error":"Not Found"}';

function json(
  status: number,
  body: string,
  cors: readonly string[],
  extra: readonly string[] = [],
): WireResponse {
  return { status, headers: [...JSON_HEADERS, ...extra, ...cors], body };
}

function rpcHint(message: string): string {
  return JSON.stringify({ error: message, expected: { method: 'POST', path: RPC_PATH } });
}

const check = optionsCheck('createBlocksHandler');
const HANDLER_OPTION_KEYS = [
  'mode',
  'routes',
  'allowedOrigins',
  'trustProxy',
  'trustForwardedHost',
  'allowedHosts',
  'log',
  'maxBodyBytes',
  'port',
];

function validateOptions(backend: unknown, options: BlocksHandlerOptions): void {
  check(
    backend !== null && typeof backend === 'object',
    'backend',
    'the module namespace (or an object) of exports',
  );
  check(
    options !== null &&
      typeof options === 'object' &&
      (options.mode === 'sandbox' || options.mode === 'production'),
    'options.mode',
    "'sandbox' or 'production'",
  );
  warnUnknownOptions('createBlocksHandler', options, HANDLER_OPTION_KEYS, (line) => warn(options.log, line));
  const { maxBodyBytes, port, allowedOrigins, allowedHosts, trustProxy, trustForwardedHost, routes } =
    options;
  check(
    maxBodyBytes === undefined || isIntegerIn(maxBodyBytes, 0),
    'options.maxBodyBytes',
    'a non-negative integer',
  );
  check(port === undefined || isIntegerIn(port, 0, 65535), 'options.port', 'a port number');
  check(
    allowedOrigins === undefined || isStringArray(allowedOrigins),
    'options.allowedOrigins',
    'an array of strings',
  );
  check(
    allowedHosts === undefined || isStringArray(allowedHosts),
    'options.allowedHosts',
    'an array of strings',
  );
  check(
    trustProxy === undefined || typeof trustProxy === 'boolean' || isIntegerIn(trustProxy, 0),
    'options.trustProxy',
    'a boolean or a number of hops',
  );
  check(
    trustForwardedHost === undefined || typeof trustForwardedHost === 'boolean',
    'options.trustForwardedHost',
    'a boolean',
  );
  check(
    routes === undefined || (routes !== null && typeof routes.match === 'function'),
    'options.routes',
    'a route table (from collectRoutes)',
  );
}

/**
 * Serves a backend — the exports of its `aws-blocks/index.ts` — as the JSON-RPC API at
 * `POST /aws-blocks/api`, plus its RawRoutes, CORS and (in the sandbox) the runtime config route.
 * Order: Host check (421), CORS check (403), RPC, config route, RawRoutes, preflight `OPTIONS` (an OPTIONS RawRoute
 * takes precedence), 404.
 */
export function createBlocksHandler(
  backend: Record<string, unknown>,
  options: BlocksHandlerOptions,
): BlocksHandler {
  validateOptions(backend, options);
  const sandbox = options.mode === 'sandbox';
  const log = options.log;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const hops = trustedHops(options.trustProxy);
  const trustForwardedHost = options.trustForwardedHost === true;
  const hosts = options.allowedHosts ? new HostPolicy(options.allowedHosts) : undefined;
  const routes: RouteTable = options.routes ?? lockCurrentRoutes();
  const origins = [...(options.allowedOrigins ?? []), ...(sandbox ? [SANDBOX_ORIGIN_PATTERN] : [])];
  const cors = new CorsPolicy(origins, log);
  const rpc = new RpcEndpoint(backend, {
    revealInternal: sandbox,
    listAvailable: sandbox,
    maxBodyBytes,
    log,
  });
  const configBody = sandbox ? sandboxConfigBody(options.port ?? DEFAULT_SANDBOX_PORT) : '';
  const routeOptions = { revealInternal: sandbox, maxBodyBytes, log };

  async function route(source: RequestSource): Promise<WireResponse> {
    if (hosts && !hosts.allows(source.host())) return json(421, MISDIRECTED_BODY, VARY);
    const corsHeaders = cors.check(source.header('origin'), () => source.selfOrigin());
    if (!corsHeaders) return json(403, FORBIDDEN_BODY, VARY);
    const { method, pathname } = source;
    if (pathname === RPC_PATH && method === 'POST') return rpc.handle(source, corsHeaders);
    if (sandbox && pathname === CONFIG_ROUTE_PATH && method === 'GET') {
      return json(200, configBody, corsHeaders, ['cache-control', 'no-store']);
    }
    const match = routes.match(method, pathname);
    if (match) return dispatchRawRoute(match, source, corsHeaders, routeOptions);
    if (method === 'OPTIONS') {
      return { status: 200, headers: [...corsHeaders, ...PREFLIGHT_HEADERS], body: null };
    }
    if (pathname === RPC_PATH) {
      return json(404, rpcHint(`The AWS Blocks JSON-RPC API expects POST, not ${method}.`), corsHeaders);
    }
    if (pathname.toLowerCase().startsWith(`${RPC_PATH}/`)) {
      return json(
        404,
        rpcHint('Not found. The AWS Blocks JSON-RPC API is served at POST /aws-blocks/api.'),
        corsHeaders,
      );
    }
    return json(404, NOT_FOUND_BODY, corsHeaders);
  }

  async function handle(source: RequestSource): Promise<WireResponse> {
    try {
      return await route(source);
    } catch (error) {
      // Only a defect in the handler itself gets here; blocks' errors are encoded where they happen.
      console.error('[blocks] request failed', error);
      return json(500, '{"error":"Internal error"}', VARY);
    }
  }

  const internal: SourceHandler = { hops, trustForwardedHost, handle };
  return {
    async fetch(request: Request, info?: FetchInfo): Promise<Response> {
      let source: RequestSource;
      try {
        source = new WebRequestSource(request, info, hops, trustForwardedHost);
      } catch {
        return toWebResponse(json(400, '{"error":"Bad Request"}', VARY));
      }
      return toWebResponse(await handle(source));
    },
    [HANDLE_SOURCE]: internal,
  } as BlocksHandler;
}

function lockCurrentRoutes(): RouteTable {
  const registry = currentRouteRegistry();
  registry.lock();
  return registry;
}
