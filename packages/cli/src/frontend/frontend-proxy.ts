import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/** Forwards HTTP requests and WebSocket upgrades to a frontend dev server on loopback. */
export interface FrontendProxy {
  http(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** A proxy to `http://127.0.0.1:<port>`; a server that is not up yet answers 502 with a hint. */
export function createFrontendProxy(port: number, host = '127.0.0.1'): FrontendProxy {
  return {
    http(req, res) {
      const upstream = request(
        { host, port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(
          `The frontend dev server at http://${host}:${port} is not answering (yet). Reload in a moment.\n`,
        );
      });
      req.pipe(upstream);
    },
    upgrade(req, socket, head) {
      const upstream = connect(port, host, () => {
        const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
        for (let i = 0; i < req.rawHeaders.length; i += 2)
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      const drop = () => {
        upstream.destroy();
        socket.destroy();
      };
      upstream.on('error', drop);
      socket.on('error', drop);
      upstream.on('close', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
    },
  };
}
