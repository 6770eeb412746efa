/**
 * @module bench/lib/load — puts HTTP load on a server with autocannon and summarises it. The load
 * generator runs in a process of its own (`load-worker.mjs`), as an outside client would: sharing the
 * bench process's event loop with whatever else it does is how the bench once disagreed with an
 * outside measurement (docs/performance.md).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./load-worker.mjs', import.meta.url));

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
  /**
   * With `cookies`: give each connection one session of its own (connection i keeps cookie i, as
   * separate browsers do) instead of cycling every connection through all of them.
   */
  sessionPerConnection?: boolean;
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

/** Runs autocannon in a child process against `options.url` (loopback only). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new Error(`The bench only loads loopback servers, not ${target.hostname}`);
  }
  const request = {
    url: options.url,
    method: options.method ?? 'POST',
    body: options.body,
    headers: options.headers ?? {},
    connections: options.connections ?? 50,
    duration: options.seconds,
    ...(options.cookies
      ? { sessions: options.cookies, perConnection: options.sessionPerConnection === true }
      : {}),
  };
  const child = spawn(process.execPath, [WORKER, JSON.stringify(request)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  const result = JSON.parse(out) as {
    ok: number;
    duration: number;
    p50: number;
    p99: number;
    failures: number;
  };
  return {
    requestsPerSecond: result.ok / result.duration,
    p50: result.p50,
    p99: result.p99,
    ok: result.ok,
    failures: result.failures,
    seconds: result.duration,
  };
}

/** The JSON-RPC body of one call. */
export function rpcBody(method: string, params: unknown[] = [], id = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', method, params, id });
}
