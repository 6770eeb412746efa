import type { IncomingMessage, ServerResponse } from 'node:http';
import { isNullBodyStatus, type WireResponse } from '../../wire-response.js';

/** How long a connection whose request body was refused keeps draining before it is cut. */
export const LINGER_MS = 2000;

/**
 * Closes a connection whose request body was not read to the end (an over-limit body): the response
 * goes out, then the write side is closed and what the client still sends is read and dropped for a
 * moment. Closing at once could reset the connection before the client has read the answer.
 */
function lingerAndClose(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  res.once('finish', () => {
    req.removeAllListeners('data');
    req.resume();
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}

/**
 * Writes a {@link WireResponse} to a Node response, each Set-Cookie value on its own header line.
 * `abandoned` says the body was read only in part; a body never touched is drained by Node itself,
 * keeping the connection.
 */
export function writeWireResponse(
  req: IncomingMessage,
  res: ServerResponse,
  wire: WireResponse,
  abandoned: boolean,
): void {
  if (res.headersSent || res.destroyed) return;
  const headers = wire.headers.slice();
  let body = wire.body;
  if (isNullBodyStatus(wire.status)) body = null;
  else
    headers.push(
      'content-length',
      String(body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength),
    );
  if (abandoned && !req.complete) lingerAndClose(req, res);
  res.writeHead(wire.status, headers);
  if (body === null) res.end();
  else res.end(body);
}
