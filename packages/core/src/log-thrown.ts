import { ApiError } from './errors.js';
import type { RequestLog } from './request-log.js';
import { describeThrown } from './rpc/codec.js';

/**
 * Logs a thrown value as `<prefix> <name> - <message>` with the error for its stack. Without a
 * request log, unexpected (non-ApiError) throws still reach `console.error`: their stack is always
 * kept server-side (D-02).
 */
export function logThrown(log: RequestLog | undefined, prefix: string, error: unknown): void {
  if (!log && error instanceof ApiError) return;
  const { name, message } = describeThrown(error);
  const line = `${prefix} ${name} - ${message}`;
  if (log) log.error(line, error);
  else console.error(error instanceof Error && error.stack ? `${line}\n${error.stack}` : line);
}
