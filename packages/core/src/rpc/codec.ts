import { BLOCKS_RPC_PREFIX } from '../constants.js';
import { CoreErrors } from '../core-errors.js';
import { payloadTooLargeMessage } from '../payload-too-large.js';
import { retryAfterFor, toWireError } from '../wire-error.js';

/** The one JSON-RPC endpoint path (the same value as `BLOCKS_RPC_PREFIX`). */
export const RPC_PATH = BLOCKS_RPC_PREFIX;

/** JSON-RPC error codes used on the wire. */
export const RpcErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  PayloadTooLarge: 413,
  Internal: 500,
} as const;

/** Exact messages of the protocol errors (R-304, D-04). */
export const RpcMessages = {
  ParseError: 'Parse error',
  InvalidEnvelope:
    'Invalid Request: expected JSON-RPC 2.0 — {"jsonrpc":"2.0","method":"namespace.method","params":[...],"id":1}',
  MethodWithoutDot: 'Invalid Request: method must be "namespace.method"',
  InvalidParams: 'Invalid params: expected an array or object',
  InvalidId: 'Invalid Request: id must be a string, a number or null',
  UnsupportedContentType: 'Invalid Request: unsupported content type, send Content-Type: application/json',
  Internal: 'Internal error',
} as const;

/** JSON-RPC id as received: a string, a number or `null` (D-22); `null` when absent. */
export type RpcId = string | number | null;

/** The `data` member of an error object. */
export interface RpcErrorData {
  name?: string;
  retriable?: true;
}

/** A decoded, well-formed call. */
export interface RpcCall {
  readonly id: RpcId;
  readonly namespace: string;
  readonly method: string;
  readonly args: unknown[];
}

/** Encodes an error response body. `data` is omitted when empty. */
export function encodeError(
  id: RpcId | undefined,
  code: number,
  message: string,
  data?: RpcErrorData,
): string {
  const error: { code: number; message: string; data?: RpcErrorData } = { code, message };
  if (data && (data.name !== undefined || data.retriable !== undefined)) error.data = data;
  return JSON.stringify({ jsonrpc: '2.0', error, id: id ?? null });
}

/** Encodes a success body; an `undefined` result leaves out the `result` key. May throw (BigInt, cycles). */
export function encodeSuccess(id: RpcId | undefined, result: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', result, id: id ?? null });
}

/** The body answering an over-limit request (R-304 step 1). */
export function encodeTooLarge(limit: number): string {
  return encodeError(null, RpcErrorCodes.PayloadTooLarge, payloadTooLargeMessage(limit), {
    name: CoreErrors.PayloadTooLarge,
  });
}

/** Decodes a request body (R-304 steps 2–5); returns the call, or the error body to answer with. */
export function decodeCall(text: string): RpcCall | { readonly errorBody: string } {
  let envelope: unknown;
  try {
    envelope = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    return { errorBody: encodeError(null, RpcErrorCodes.ParseError, RpcMessages.ParseError) };
  }
  // A literal `null`, a batch array or a primitive is not a request object (R-308, D-03).
  if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
    return { errorBody: invalidRequest(null, RpcMessages.InvalidEnvelope) };
  }
  const fields = envelope as Record<string, unknown>;
  const rawId = Object.hasOwn(fields, 'id') ? fields.id : null;
  // Any other id (an object, an array, however deep) is not echoed (D-22, JSON-RPC 2.0 §4).
  if (rawId !== null && typeof rawId !== 'string' && typeof rawId !== 'number') {
    return { errorBody: invalidRequest(null, RpcMessages.InvalidId) };
  }
  const id: RpcId = rawId;
  const method = fields.method;
  if (fields.jsonrpc !== '2.0' || typeof method !== 'string') {
    return { errorBody: invalidRequest(id, RpcMessages.InvalidEnvelope) };
  }
  const dot = method.indexOf('.');
  if (dot === -1) return { errorBody: invalidRequest(id, RpcMessages.MethodWithoutDot) };
  const params = Object.hasOwn(fields, 'params') ? fields.params : undefined;
  let args: unknown[];
  if (params === undefined) args = [];
  else if (Array.isArray(params)) args = params;
  else if (params !== null && typeof params === 'object') args = Object.values(params);
  else {
    return {
      errorBody: encodeError(id, RpcErrorCodes.InvalidParams, RpcMessages.InvalidParams, {
        name: CoreErrors.InvalidParams,
      }),
    };
  }
  return { id, namespace: method.slice(0, dot), method: method.slice(dot + 1), args };
}

/** An `InvalidRequest` (-32600) error body. */
export function invalidRequest(id: RpcId, message: string): string {
  return encodeError(id, RpcErrorCodes.InvalidRequest, message, { name: CoreErrors.InvalidRequest });
}

/** How a thrown value crosses the wire as a JSON-RPC error (R-306 with D-02). */
export interface EncodedThrow {
  readonly code: number;
  readonly message: string;
  readonly data: RpcErrorData;
  /** The `Retry-After` header value to send with it, if any (see {@link retryAfterFor}). */
  readonly retryAfter?: string;
}

/** A thrown value as JSON-RPC code, message and data, through {@link toWireError}. */
export function encodeThrown(error: unknown, revealInternal: boolean): EncodedThrow {
  const wire = toWireError(error, revealInternal);
  const data: RpcErrorData = {};
  if (wire.name !== undefined) data.name = wire.name;
  if (wire.retriable) data.retriable = true;
  const retryAfter = retryAfterFor(wire);
  return { code: wire.code, message: wire.message, data, ...(retryAfter ? { retryAfter } : {}) };
}
