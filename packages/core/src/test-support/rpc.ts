import type { BlocksHandler } from '../handler-options.js';
import type { RouteTable } from '../raw-route/route-table.js';
import type { RequestLog } from '../request-log.js';

/** The RPC endpoint URL used by unit tests. */
export const RPC_URL = 'http://127.0.0.1:3001/aws-blocks/api';

/** A route table without routes. */
export const NO_ROUTES: RouteTable = { routes: [], match: () => null };

/** A POST to the RPC endpoint with a JSON content type. */
export function rpcRequest(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request(RPC_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

/** Sends a raw body to the RPC endpoint and returns status, headers and parsed JSON body. */
export async function post(
  handler: BlocksHandler,
  body: BodyInit | null,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const response = await handler.fetch(rpcRequest(body, headers));
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? JSON.parse(text) : undefined,
    text,
  };
}

/** Calls `method` with `params` and returns the parsed response body. */
export async function call(
  handler: BlocksHandler,
  method: string,
  params?: unknown,
  id: unknown = 1,
): Promise<unknown> {
  const envelope: Record<string, unknown> = { jsonrpc: '2.0', method, id };
  if (params !== undefined) envelope.params = params;
  return (await post(handler, JSON.stringify(envelope))).json;
}

/** A request log that records its lines; `logged(line)` resolves once that line has been written. */
export function memoryLog(): RequestLog & {
  lines: string[];
  errors: unknown[];
  logged(line: string): Promise<void>;
} {
  const lines: string[] = [];
  const errors: unknown[] = [];
  const waiting = new Map<string, (() => void)[]>();
  const record = (line: string) => {
    lines.push(line);
    for (const resolve of waiting.get(line) ?? []) resolve();
    waiting.delete(line);
  };
  return {
    lines,
    errors,
    info(line) {
      record(line);
    },
    error(line, error) {
      errors.push(error);
      record(line);
    },
    logged(line) {
      if (lines.includes(line)) return Promise.resolve();
      return new Promise((resolve) => waiting.set(line, [...(waiting.get(line) ?? []), resolve]));
    },
  };
}
