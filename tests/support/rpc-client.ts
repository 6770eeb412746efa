/**
 * @module tests/support/rpc-client — the one HTTP client of the cross-package tests: raw POSTs over
 * node:http (which, unlike fetch, lets a test send any `Host` or body), JSON-RPC calls, and a client
 * with a cookie jar that calls the API like one browser would.
 */
import { request } from 'node:http';

/** One HTTP answer, with the JSON body parsed when it is JSON. */
export interface Reply {
  readonly status: number;
  /** Header names in lower case; `set-cookie` is a list. */
  readonly headers: Record<string, string | string[] | undefined>;
  /** Every `Set-Cookie` line, in order. */
  readonly setCookies: string[];
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body that tests inspect freely
  readonly body: any;
}

/** @deprecated The former name of {@link Reply}. */
export type RpcReply = Reply;

function parseJson(text: string): unknown {
  try {
    return text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** POSTs `body` to `url` (JSON content type unless `headers` say otherwise) on a fresh connection. */
export function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const target = new URL(url);
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            setCookies: res.headers['set-cookie'] ?? [],
            text,
            body: parseJson(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

let nextId = 1;

/** Sends one JSON-RPC call; `params` `undefined` leaves the member out. */
export function rpc(
  apiUrl: string,
  method: string,
  params: unknown = [],
  headers: Record<string, string> = {},
): Promise<Reply> {
  const message: Record<string, unknown> = { jsonrpc: '2.0', method, id: nextId++ };
  if (params !== undefined) message.params = params;
  return post(apiUrl, JSON.stringify(message), headers);
}

/** The name of the JSON-RPC call helper most tests use; the same as {@link rpc}. */
export const callRpc = rpc;

/** Splits a `Set-Cookie` line into its name, value and attributes. */
export function parseSetCookie(line: string): { name: string; value: string; attributes: string[] } {
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}

/**
 * A client that behaves like one browser towards the API: it keeps a cookie jar (by exact name; an
 * empty value or `Max-Age=0` deletes) and sends fixed extra headers with every call.
 */
export class RpcClient {
  readonly jar = new Map<string, string>();

  constructor(
    readonly apiUrl: string,
    readonly headers: Record<string, string> = {},
  ) {}

  /** The `cookie` header this client sends, or `''`. */
  cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Calls `method` with positional `params`, sending and then updating the cookie jar. */
  async call(method: string, ...params: unknown[]): Promise<Reply> {
    const cookie = this.cookieHeader();
    const reply = await rpc(this.apiUrl, method, params, { ...this.headers, ...(cookie ? { cookie } : {}) });
    for (const line of reply.setCookies) {
      const { name, value, attributes } = parseSetCookie(line);
      if (attributes.some((a) => a.toLowerCase() === 'max-age=0') || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return reply;
  }

  /** A new client holding a copy of this one's cookies (optionally talking to another server). */
  clone(apiUrl = this.apiUrl): RpcClient {
    const copy = new RpcClient(apiUrl, this.headers);
    for (const [name, value] of this.jar) copy.jar.set(name, value);
    return copy;
  }
}
