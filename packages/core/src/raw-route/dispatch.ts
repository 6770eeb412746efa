import type { BlocksContext } from '../context.js';
import { IncomingBlocksRequest } from '../incoming-request.js';
import { logThrown } from '../log-thrown.js';
import { OutgoingBlocksResponse } from '../outgoing-response.js';
import type { RequestLog } from '../request-log.js';
import type { RequestSource } from '../request-source.js';
import { retryAfterFor, toWireError } from '../wire-error.js';
import { appendHeaders, isValidStatus, type WireResponse } from '../wire-response.js';
import type { RouteMatch } from './route-table.js';

/** What a raw route dispatch needs from the handler. */
export interface RawRouteDispatchOptions {
  readonly revealInternal: boolean;
  readonly maxBodyBytes: number;
  readonly log: RequestLog | undefined;
}

function encodeBody(value: unknown): string | Uint8Array {
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return JSON.stringify(value) ?? '';
}

function failure(error: unknown, revealInternal: boolean, cors: readonly string[]): WireResponse {
  const wire = toWireError(error, revealInternal);
  const payload: { error: string; name?: string } = { error: wire.message };
  if (wire.name !== undefined) payload.name = wire.name;
  const retryAfter = retryAfterFor(wire);
  return {
    status: wire.status,
    headers: [
      'content-type',
      'application/json',
      ...(retryAfter === undefined ? [] : ['retry-after', retryAfter]),
      ...cors,
    ],
    body: JSON.stringify(payload),
  };
}

/**
 * Runs a matched RawRoute: status from `context.response.status`, body the `send()` value
 * (strings and bytes as they are, anything else as JSON, empty when never called). A throw answers
 * `{"error":…,"name":…}` with the ApiError's status or 500, dropping headers set before it.
 */
export async function dispatchRawRoute(
  match: RouteMatch,
  source: RequestSource,
  cors: readonly string[],
  options: RawRouteDispatchOptions,
): Promise<WireResponse> {
  const response = new OutgoingBlocksResponse();
  const context: BlocksContext = {
    request: new IncomingBlocksRequest(source, match.params, options.maxBodyBytes),
    response,
  };
  try {
    await match.route.handler(context);
    if (!isValidStatus(response.status)) {
      throw new RangeError(`Invalid response status ${String(response.status)}: expected 200–599`);
    }
    const body = response.sent ? encodeBody(response.sentBody) : '';
    const headers: string[] = [];
    const touched = response.touchedHeaders;
    if (touched) appendHeaders(headers, touched);
    else headers.push('content-type', 'application/json');
    headers.push(...cors);
    return { status: response.status, headers, body };
  } catch (error) {
    logThrown(options.log, `[route-err] ${match.route.method} ${match.route.path}`, error);
    return failure(error, options.revealInternal, cors);
  }
}
