import { ApiError } from './errors.js';
import type { RequestLog } from './request-log.js';
import { describeThrown } from './wire-error.js';

/**
 * Logs a thrown value as `<prefix> <name> - <message>`. Unexpected (non-ApiError) throws also hand
 * over the error for its stack, and reach `console.error` even without a request log: their stack is
 * always kept server-side (D-02). An ApiError is an answer the code chose, so one line is enough.
 */
export function logThrown(log: RequestLog | undefined, prefix: string, error: unknown): void {
  if (!log && error instanceof ApiError) return;
  // A retriable 503 is an outage of a dependency (the database): the engine logs one line when it
  // starts and one when it ends, instead of one per request answered meanwhile.
  if (error instanceof ApiError && error.status === 503 && error.retriable === true) return;
  const { name, message } = describeThrown(error);
  const line = `${prefix} ${name} - ${message}`;
  if (log) log.error(line, error instanceof ApiError ? undefined : error);
  else console.error(error instanceof Error && error.stack ? `${line}\n${error.stack}` : line);
}
