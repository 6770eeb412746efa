import type { IncomingMessage, ServerResponse } from 'node:http';
import { isNullBodyStatus, type WireResponse } from '../../wire-response.js';
import { afterDrain, drainRequest, isDraining } from './drain-request.js';

/**
 * Writes a {@link WireResponse} to a Node response in one `end` call, each Set-Cookie value on its
 * own header line. A request body nobody reads is drained, bounded ({@link drainRequest}); while it
 * drains, the answer is written whole but ended only once the drain is over: on a
 * connection that closes after the answer (a client that sent `Connection: close`, as `http.request`
 * without an agent does), ending it at once would close the socket under a client still writing its
 * body, which then sees EPIPE instead of the answer.
 */
export function writeWireResponse(req: IncomingMessage, res: ServerResponse, wire: WireResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers = wire.headers.slice();
  let body = wire.body;
  if (isNullBodyStatus(wire.status)) body = null;
  else
    headers.push(
      'content-length',
      String(body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength),
    );
  // A body nobody is reading (never needed, or refused) is dropped, bounded; one a block is still
  // streaming is left to Node, which discards it once the response is done.
  if (!req.complete && req.listenerCount('data') === 0) drainRequest(req);
  res.writeHead(wire.status, headers);
  if (!isDraining(req)) {
    if (body === null) res.end();
    else res.end(body);
    return;
  }
  if (body !== null) res.write(body);
  afterDrain(req, () => {
    if (!res.writableEnded) res.end();
  });
}
