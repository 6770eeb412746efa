import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { CliError, CliErrors } from '../cli/errors.js';

/** Path of the health check, next to the API (docs/operations.md, "When the database is down"). */
export const HEALTH_PATH = '/aws-blocks/health';

/** The table and key the check reads: AppSetting's reserved table, a key no setting can have. */
export const HEALTH_TABLE = 'bb_settings';
export const HEALTH_KEY = '/.health';

/** How long the check waits for the engine before calling it unreachable. */
const CHECK_TIMEOUT_MS = 2000;

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['', '0', 'false', 'no', 'off']);

/** Whether `BLOCKS_HEALTH_ROUTE` turns the health route on (off when unset). */
export function healthRouteEnabled(env: NodeJS.ProcessEnv): boolean {
  const value = (env.BLOCKS_HEALTH_ROUTE ?? '').trim().toLowerCase();
  if (ON.has(value)) return true;
  if (OFF.has(value)) return false;
  throw new CliError(
    CliErrors.Usage,
    `Invalid BLOCKS_HEALTH_ROUTE "${env.BLOCKS_HEALTH_ROUTE}": use 1 (on) or 0 (off).`,
  );
}

function answer(res: ServerResponse, status: number, body: string, head: boolean): void {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
  };
  if (status === 503) headers['retry-after'] = '2';
  res.writeHead(status, headers);
  res.end(head ? undefined : body);
}

/**
 * Wraps `listener` so that `GET`/`HEAD /aws-blocks/health` answers whether the engine is reachable:
 * 200 `{"status":"ok"}` when a read completes within 2 s, else 503 `{"status":"unavailable"}` with
 * `Retry-After`. The answer says nothing about where the database is. Other requests pass through.
 */
export function withHealthRoute(listener: RequestListener, probe: () => Promise<unknown>): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url?.split('?', 1)[0];
    if (path !== HEALTH_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      listener(req, res);
      return;
    }
    const head = req.method === 'HEAD';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
    });
    Promise.race([probe(), timeout])
      .then(
        () => answer(res, 200, '{"status":"ok","engine":"reachable"}', head),
        () => answer(res, 503, '{"status":"unavailable","engine":"unreachable"}', head),
      )
      .finally(() => clearTimeout(timer));
  };
}
