import { ApiError } from './api-error.js';
import { ClientErrors } from './errors.js';

interface RpcErrorBody {
  code?: unknown;
  message?: unknown;
  data?: { name?: unknown; retriable?: unknown } | null;
}

function unexpected(status: number, detail: string): ApiError {
  return new ApiError(
    `Unexpected response from the Blocks API (HTTP ${status}): ${detail}`,
    status >= 400 ? status : 502,
    { name: ClientErrors.UnexpectedResponse },
  );
}

/**
 * Turns a response into the call's result: a JSON-RPC `error` becomes an {@link ApiError}
 * (`code > 0 ? code : 500`, `data.name`, `data.retriable === true`). Unlike the reference, a body
 * that is not a JSON-RPC response (a proxy's HTML 403, `{"error":"…"}` of a 404) becomes an
 * `UnexpectedResponseException` carrying the HTTP status, instead of a message-less 500 or a SyntaxError.
 */
export function decodeResponse(status: number, text: string): unknown {
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 120);
    return throwing(unexpected(status, snippet === '' ? 'empty body' : `"${snippet}"`));
  }
  if (typeof body !== 'object' || body === null || (body as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
    const error = (body as { error?: unknown } | null)?.error;
    const detail = typeof error === 'string' ? error : 'not a JSON-RPC response';
    return throwing(unexpected(status, detail));
  }
  const rpc = body as { result?: unknown; error?: RpcErrorBody };
  if (rpc.error !== undefined && rpc.error !== null) {
    const { code, message, data } = rpc.error;
    const name = typeof data?.name === 'string' && data.name !== '' ? data.name : undefined;
    throw new ApiError(
      typeof message === 'string' ? message : 'Unknown error',
      typeof code === 'number' && code > 0 ? code : 500,
      { ...(name ? { name } : {}), retriable: data?.retriable === true },
    );
  }
  return rpc.result;
}

function throwing(error: ApiError): never {
  throw error;
}
