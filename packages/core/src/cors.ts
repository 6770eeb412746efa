import type { RequestLog } from './request-log.js';

/** Origins the sandbox always allows: `http(s)://localhost`, `127.0.0.1` and `[::1]`, any port. */
export const SANDBOX_ORIGIN_PATTERN = '^https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?$';

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;
const MAX_REMEMBERED_REJECTIONS = 100;

/** Response headers every request gets when it passes the CORS check without a matching allowlist entry. */
export const VARY_ORIGIN: readonly string[] = ['vary', 'Origin'];

/** The preflight headers added to CORS headers on `OPTIONS`. */
export const PREFLIGHT_HEADERS: readonly string[] = [
  'access-control-allow-methods',
  'GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS',
  'access-control-allow-headers',
  'Content-Type, Authorization',
  'access-control-max-age',
  '7200',
];

/** The outcome of the CORS check: the headers to add, or `null` when the request must be refused. */
export type CorsHeaders = readonly string[] | null;

/**
 * Compiles one allowlist entry: used as-is when it starts with `^`, otherwise anchored; an entry that
 * is not a valid regular expression matches literally.
 */
export function compileOriginPattern(entry: string): RegExp {
  const source = entry.trim();
  try {
    return new RegExp(source.startsWith('^') ? source : `^(?:${source})$`);
  } catch {
    return new RegExp(`^${source.replace(REGEX_SPECIALS, '\\$&')}$`);
  }
}

function sameOrigin(origin: string, self: string): boolean {
  if (origin.toLowerCase() === self.toLowerCase()) return true;
  try {
    return new URL(origin).origin === new URL(self).origin;
  } catch {
    return false;
  }
}

/**
 * The CORS policy (R-401…R-403 with D-05). A request without `Origin`, or whose `Origin` equals its
 * own origin, passes with `Vary: Origin`. An `Origin` on the allowlist gets it echoed in
 * `Access-Control-Allow-Origin` with credentials allowed. Any other `Origin` is refused with 403, in
 * every mode — so with an empty allowlist only same-origin browser requests get through. No fallback
 * `Access-Control-Allow-Origin` value is ever sent.
 */
export class CorsPolicy {
  readonly #patterns: RegExp[];
  readonly #log: RequestLog | undefined;
  readonly #rejected = new Set<string>();

  constructor(entries: readonly string[], log?: RequestLog) {
    this.#patterns = entries.filter((entry) => entry.trim().length > 0).map(compileOriginPattern);
    this.#log = log;
  }

  /** Whether `origin` is on the allowlist. */
  allows(origin: string): boolean {
    return this.#patterns.some((pattern) => pattern.test(origin));
  }

  /** The headers for a request with this `Origin`, or `null` when it must be answered 403. */
  check(origin: string | undefined, selfOrigin: () => string): CorsHeaders {
    if (!origin) return VARY_ORIGIN;
    if (this.allows(origin)) {
      return [
        'access-control-allow-origin',
        origin,
        'access-control-allow-credentials',
        'true',
        'vary',
        'Origin',
      ];
    }
    if (sameOrigin(origin, selfOrigin())) return VARY_ORIGIN;
    this.#noteRejection(origin);
    return null;
  }

  #noteRejection(origin: string): void {
    if (!this.#log?.info || this.#rejected.has(origin) || this.#rejected.size >= MAX_REMEMBERED_REJECTIONS)
      return;
    this.#rejected.add(origin);
    this.#log.info?.(`[CORS] rejected cross-origin request from ${JSON.stringify(origin)}`);
  }
}
