import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { forwardedEntry } from '../../forwarded.js';
import type { BlocksHandler } from '../../handler-options.js';

function requestUrl(req: IncomingMessage, hops: number): string {
  const tls = (req.socket as Partial<TLSSocket>).encrypted === true;
  const proto = forwardedEntry(req.headers['x-forwarded-proto'] as string | undefined, hops)?.toLowerCase();
  const protocol = tls || proto === 'https' ? 'https:' : 'http:';
  return `${protocol}//${req.headers.host || 'localhost'}${req.url ?? '/'}`;
}

/** Serves a request through `handler.fetch` (for handlers not made by `createBlocksHandler`). */
export async function forwardToFetch(
  handler: BlocksHandler,
  req: IncomingMessage,
  res: ServerResponse,
  hops: number,
): Promise<void> {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
    } catch {
      // Left out: not representable in Headers.
    }
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody) {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  const response = await handler.fetch(new Request(requestUrl(req, hops), init), {
    clientAddress: req.socket.remoteAddress ?? '',
  });
  const out: string[] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out.push(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) out.push('set-cookie', cookie);
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  if (res.destroyed) return;
  res.writeHead(response.status, out);
  res.end(body);
}
