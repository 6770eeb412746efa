import type { IncomingMessage, ServerResponse } from 'node:http';

/** A `node:http` request listener. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Holds the listener currently serving requests. Swapping it is atomic for requests: each request
 * is dispatched to the listener current when it arrived and finishes there, while later requests go
 * to the new one.
 */
export class ListenerSlot {
  #current: RequestListener | undefined;

  /** The listener to hand to `http.createServer`; answers 503 until a listener is set. */
  readonly listener: RequestListener = (req, res) => {
    const current = this.#current;
    if (current) {
      current(req, res);
      return;
    }
    res.writeHead(503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end('{"error":"The backend is not loaded yet"}');
  };

  /** Routes every later request to `listener`. */
  set(listener: RequestListener): void {
    this.#current = listener;
  }
}
