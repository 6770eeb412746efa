import type { RouteTable } from './raw-route/route-table.js';
import type { RequestLog } from './request-log.js';

/** How the handler runs: `sandbox` (local development) or `production` (`blockyard start`). */
export type BlocksMode = 'sandbox' | 'production';

/** Options of {@link createBlocksHandler}. */
export interface BlocksHandlerOptions {
  /**
   * `sandbox` shows real messages of unexpected errors, lists the available namespaces in
   * "API not found" errors, allows localhost origins and answers `GET /.blocks-sandbox/config.json`;
   * `production` hides unexpected error messages.
   */
  mode: BlocksMode;
  /** Raw routes to serve; defaults to the routes registered so far (the registry is then locked). */
  routes?: RouteTable;
  /** CORS allowlist (D-05): plain origins compared literally, or `^` patterns matching the whole origin. */
  allowedOrigins?: string[];
  /**
   * How many proxies in front of the server to trust (D-21; `true` is one): the client address is
   * that many entries from the right of `X-Forwarded-For` (reduced to the address: `ip:port` and
   * `[v6]:port` lose the port), and `X-Forwarded-Proto` is read. Set only behind proxies you run.
   * Default: none.
   */
  trustProxy?: boolean | number;
  /**
   * Read `X-Forwarded-Host` from the trusted hops (D-21 amended; `BLOCKS_TRUST_FORWARDED_HOST=1`).
   * Only for proxies that set or overwrite it; most pass a client's value through. Default: false.
   */
  trustForwardedHost?: boolean;
  /**
   * Host allowlist (D-20): requests whose `Host` (or trusted `X-Forwarded-Host`) is not on it get
   * HTTP 421. Entries are host names (any port) or `name:port`. Default: every host is answered.
   */
  allowedHosts?: readonly string[];
  /** Where the request log lines go; when absent nothing is formatted. */
  log?: RequestLog;
  /** Largest accepted request body in bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /** Port the sandbox is reachable on, used in the runtime config route (default 3001). */
  port?: number;
}

/** Facts about a request that a Web `Request` cannot carry. */
export interface FetchInfo {
  /** The socket peer address. */
  clientAddress?: string;
}

/** A Web-standard request handler serving a backend. */
export interface BlocksHandler {
  /** Answers one request. Never rejects. */
  fetch(request: Request, info?: FetchInfo): Promise<Response>;
}
