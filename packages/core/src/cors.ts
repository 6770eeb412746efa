import { type RequestLog, warn } from './request-log.js';

/** Origins the sandbox always allows: `http(s)://localhost`, `127.0.0.1` and `[::1]`, any port. */
export const SANDBOX_ORIGIN_PATTERN = '^https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?$';

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

/** Tests one `Origin` value against one allowlist entry. */
export type OriginMatcher = (origin: string) => boolean;

/** The serialized origin (`scheme://host[:port]`) `entry` names, or `null` when it is not one. */
function literalOrigin(entry: string): string | null {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return null;
  }
  const bare = entry.endsWith('/') ? entry.slice(0, -1) : entry;
  const shaped = /^[a-z][a-z0-9+.-]*:\/\/[^/\\?#@\s]+$/i.test(bare);
  if (!shaped || url.origin === 'null') return null;
  return url.origin;
}

/**
 * Compiles one allowlist entry (D-05), or returns `null` when it is neither a valid origin nor a
 * valid pattern. A plain origin is compared literally (case-insensitively, default port dropped, as
 * browsers serialize `Origin`): its dots are dots. An entry starting with `^` is a regular expression
 * that must match the whole origin, so `^https://admin\.example\.com` does not admit
 * `https://admin.example.com.evil.net`.
 */
export function compileOriginEntry(entry: string): OriginMatcher | null {
  const source = entry.trim();
  if (source.startsWith('^')) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(`^(?:${source.slice(1)})$`);
    } catch {
      return null;
    }
    return (origin) => pattern.test(origin);
  }
  const literal = literalOrigin(source);
  if (literal === null) return null;
  return (origin) => origin.toLowerCase() === literal;
}

/** Splits allowlist entries into matchers and the entries that are neither origins nor patterns. */
export function compileOriginEntries(entries: readonly string[]): {
  matchers: OriginMatcher[];
  invalid: string[];
} {
  const matchers: OriginMatcher[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    if (entry.trim().length === 0) continue;
    const matcher = compileOriginEntry(entry);
    if (matcher) matchers.push(matcher);
    else invalid.push(entry.trim());
  }
  return { matchers, invalid };
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
  readonly #matchers: OriginMatcher[];
  readonly #log: RequestLog | undefined;
  readonly #rejected = new Set<string>();

  /** Entries that are neither a valid origin nor a valid pattern are left out, with a warning each. */
  constructor(entries: readonly string[], log?: RequestLog) {
    const { matchers, invalid } = compileOriginEntries(entries);
    this.#matchers = matchers;
    this.#log = log;
    for (const entry of invalid) {
      warn(
        log,
        `[CORS] ignoring allowlist entry ${JSON.stringify(entry)}: it is neither an origin ` +
          '(scheme://host[:port]) nor a pattern starting with ^',
      );
    }
  }

  /** Whether `origin` is on the allowlist. */
  allows(origin: string): boolean {
    for (const matches of this.#matchers) if (matches(origin)) return true;
    return false;
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
