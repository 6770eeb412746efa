import type { IncomingMessage } from 'node:http';

/** How much more of a refused request body is read and dropped before the connection is cut. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

/** How long a refused request body is drained before the connection is cut. */
export const DRAIN_MAX_MS = 10_000;

const DRAINING = Symbol('blockyard:draining');

/**
 * Reads and drops the rest of a request body the server will not use (over the limit, or never
 * needed), so that a client still writing it can finish and read the answer: most clients, Node's
 * `http.request` among them, only look at the answer once their request is written, and a reset
 * connection shows them EPIPE instead of the error. Bounded: once {@link DRAIN_MAX_BYTES} more
 * arrived or {@link DRAIN_MAX_MS} passed, the connection is cut. Nothing is kept, so memory stays
 * flat (D-03); the request never pauses, so no flow control can stall it. A body that ends within
 * the bounds leaves the connection usable.
 */
export function drainRequest(req: IncomingMessage): void {
  const marked = req as IncomingMessage & { [DRAINING]?: true };
  if (marked[DRAINING] || req.complete) return;
  marked[DRAINING] = true;
  let left = DRAIN_MAX_BYTES;
  const stop = (): void => {
    clearTimeout(timer);
    req.off('data', onData);
  };
  const cut = (): void => {
    stop();
    req.socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    left -= chunk.length;
    if (left < 0) cut();
  };
  const timer = setTimeout(cut, DRAIN_MAX_MS);
  timer.unref();
  req.on('data', onData);
  req.once('end', stop);
  req.once('close', stop);
  req.resume();
}

/** Whether the rest of `req`'s body is being drained ({@link drainRequest}) and has not ended yet. */
export function isDraining(req: IncomingMessage): boolean {
  return (req as IncomingMessage & { [DRAINING]?: true })[DRAINING] === true && !req.complete;
}

/**
 * Calls `done` once the drain of `req` is over: its body ended, or the connection closed (a client
 * that went away, or a bound of {@link drainRequest} that cut it). At once when it is not draining.
 */
export function afterDrain(req: IncomingMessage, done: () => void): void {
  if (!isDraining(req) || req.destroyed) {
    done();
    return;
  }
  let called = false;
  const once = (): void => {
    if (called) return;
    called = true;
    req.off('end', once);
    req.off('close', once);
    done();
  };
  req.once('end', once);
  req.once('close', once);
}
