import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestListener } from './listener-slot.js';

/** What the guard needs from core: the D-20 policy, how a request's host is read, the 421 body. */
export interface HostGuardOptions {
  /** Whether a `Host` value may be answered; `undefined` answers every host. */
  allows: ((host: string) => boolean) | undefined;
  /** The host a request is addressed to (its `Host`, or a trusted `X-Forwarded-Host`). */
  hostOf: (req: IncomingMessage) => string;
  /** The JSON body of the 421 answer. */
  body: string;
}

/** The Host check in front of everything a server answers (D-20). */
export interface HostGuard {
  /** `listener` behind the check: a refused request gets 421 before anything else runs. */
  listener(listener: RequestListener): RequestListener;
  /** Whether an upgrade may proceed; a refused one is answered 421 and its socket closed. */
  admitsUpgrade(req: IncomingMessage, socket: Duplex): boolean;
}

/**
 * Applies the Host allowlist (D-20) to every request and WebSocket upgrade a server answers — the
 * API, static files, the frontend proxy and the dev inbox alike — before any file is read or any
 * byte is proxied: a page on `evil.example` rebound to 127.0.0.1 still says `Host: evil.example`.
 */
export function createHostGuard(options: HostGuardOptions): HostGuard {
  const { allows, hostOf, body } = options;
  const admitted = (req: IncomingMessage) => allows === undefined || allows(hostOf(req));
  return {
    listener: (listener) => (req, res) => {
      if (admitted(req)) {
        listener(req, res);
        return;
      }
      // The request body, if any, is not read: the connection closes after the answer.
      res.shouldKeepAlive = false;
      res.writeHead(421, {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(body)),
        'Cache-Control': 'no-store',
        Vary: 'Origin',
      });
      res.end(body);
    },
    admitsUpgrade(req, socket) {
      if (admitted(req)) return true;
      socket.end(
        'HTTP/1.1 421 Misdirected Request\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return false;
    },
  };
}
