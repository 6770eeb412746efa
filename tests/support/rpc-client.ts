/**
 * @module tests/support/rpc-client — JSON-RPC calls over fetch.
 */

/** An HTTP answer with its body parsed as JSON when it is JSON. */
export interface RpcReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body that tests inspect freely
  readonly body: any;
}

let nextId = 1;

/** POSTs `{"jsonrpc":"2.0","method":…,"params":…,"id":n}` to `apiUrl`. */
export async function callRpc(
  apiUrl: string,
  method: string,
  params: unknown[] | Record<string, unknown> = [],
  headers: Record<string, string> = {},
): Promise<RpcReply> {
  const response = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id: nextId++ }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}
