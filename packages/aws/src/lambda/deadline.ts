import { CoreErrors, RPC_PATH } from '@blockyard/core';
import { CorsPolicy, coreError, errorAnswer, SANDBOX_ORIGIN_PATTERN } from '@blockyard/core/internal';
import type { HttpResultV2 } from './lambda-event.js';

/** The longest a request may run: API Gateway gives up at 30 s, and the answer must be ours. */
export const MAX_REQUEST_MS = 28_000;

/** What is kept back from the invocation's remaining time to send the 504 (R-1508). */
export const DEADLINE_MARGIN_MS = 1_000;

/** The part of the Lambda context the guard reads. */
export interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
}

/**
 * The request deadline of R-1508: min(28 000 ms, remaining time − 1 000 ms), never below 0. Without
 * a Lambda context (a direct call, a test) the remaining time is unbounded.
 */
export function requestDeadlineMs(context: unknown): number {
  return Math.max(0, Math.min(MAX_REQUEST_MS, remainingMs(context) - DEADLINE_MARGIN_MS));
}

/** The invocation's remaining time from its Lambda context; unbounded without one. */
export function remainingMs(context: unknown): number {
  const remaining = (context as LambdaContextLike | null | undefined)?.getRemainingTimeInMillis?.();
  return typeof remaining === 'number' && Number.isFinite(remaining) ? remaining : Infinity;
}

const TIMED_OUT = coreError(CoreErrors.HandlerTimeout, 'Request timed out');
const RPC_TIMEOUT = errorAnswer(TIMED_OUT, { rpc: true, revealInternal: false }).body;
// The reference's raw answer carries `code: 'HANDLER_TIMEOUT'`; the name is ours, as on every error.
const RAW_TIMEOUT = errorAnswer(TIMED_OUT, {
  rpc: false,
  revealInternal: false,
  fields: { code: 'HANDLER_TIMEOUT' },
}).body;

/** The error a timed-out request's AbortSignal carries as its reason. */
export class HandlerTimeoutError extends Error {
  override readonly name = CoreErrors.HandlerTimeout;
  constructor(ms: number) {
    super(`the request did not finish within ${ms} ms`);
  }
}

/**
 * Builds the 504 answers of R-1508 with the CORS headers core would have added: an allowed `Origin`
 * echoed with credentials, `Vary: Origin` always. (A refused origin never reaches the deadline: core
 * answers it 403 at once.)
 */
export function timeoutAnswers(allowedOrigins: readonly string[], sandbox: boolean) {
  const entries = [...allowedOrigins, ...(sandbox ? [SANDBOX_ORIGIN_PATTERN] : [])];
  // The handler's own policy already warned about invalid entries; this copy stays quiet.
  const cors = new CorsPolicy(entries, { error() {}, warn() {} });
  return (request: Request): HttpResultV2 => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      vary: 'Origin',
    };
    const origin = request.headers.get('origin');
    if (origin && cors.allows(origin)) {
      headers['access-control-allow-origin'] = origin;
      headers['access-control-allow-credentials'] = 'true';
    }
    const rpc = new URL(request.url).pathname.startsWith(RPC_PATH);
    return { statusCode: 504, headers, body: rpc ? RPC_TIMEOUT : RAW_TIMEOUT, isBase64Encoded: false };
  };
}
