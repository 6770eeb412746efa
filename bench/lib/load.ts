/**
 * @module bench/lib/load — puts HTTP load on a server with autocannon and summarises it.
 */
import autocannon from 'autocannon';

/** One load run. */
export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /**
   * Several sessions: each connection sends one request per cookie in turn (a `cookie` header each,
   * added to `headers`), so the load spreads over that many users instead of one.
   */
  cookies?: readonly string[];
  /** Concurrent connections (default 50). */
  connections?: number;
  /** Seconds of load (default 5). */
  seconds: number;
}

/** What one load run measured. */
export interface LoadResult {
  /** Successful (2xx) responses per second over the whole run. */
  requestsPerSecond: number;
  /** Median latency, ms. */
  p50: number;
  /** 99th percentile latency, ms. */
  p99: number;
  /** 2xx responses. */
  ok: number;
  /** Non-2xx responses plus connection errors and timeouts; a healthy run has 0. */
  failures: number;
  seconds: number;
}

/** Runs autocannon from this process against `options.url` (loopback only). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new Error(`The bench only loads loopback servers, not ${target.hostname}`);
  }
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'POST',
    body: options.body,
    headers: options.headers,
    ...(options.cookies
      ? {
          requests: options.cookies.map((cookie) => ({
            method: options.method ?? 'POST',
            body: options.body,
            headers: { ...options.headers, cookie },
          })),
        }
      : {}),
    connections: options.connections ?? 50,
    pipelining: 1,
    duration: options.seconds,
    timeout: 10,
  });
  const ok = result['2xx'];
  return {
    requestsPerSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failures: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
  };
}

/** The JSON-RPC body of one call. */
export function rpcBody(method: string, params: unknown[] = [], id = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', method, params, id });
}
