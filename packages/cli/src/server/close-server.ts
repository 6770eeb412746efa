import type { Server } from 'node:http';

/** How long {@link closeServer} waits for in-flight requests by default. */
export const DEFAULT_DRAIN_MS = 10_000;

/**
 * Stops accepting connections and waits until in-flight requests have been answered, at most
 * `drainMs`; connections still busy after that are cut. Idle keep-alive connections are closed as
 * soon as they are idle, so a client that keeps its connection open cannot hold the shutdown.
 * Resolves with whether every request finished in time.
 */
export async function closeServer(server: Server, drainMs = DEFAULT_DRAIN_MS): Promise<boolean> {
  if (!server.listening) return true;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweeper = setInterval(() => server.closeIdleConnections(), 25);
  let deadline: NodeJS.Timeout | undefined;
  const timedOut = new Promise<true>((resolve) => {
    deadline = setTimeout(() => resolve(true), drainMs);
  });
  try {
    const late = await Promise.race([closed.then(() => false), timedOut]);
    if (late) {
      server.closeAllConnections();
      await closed;
    }
    return !late;
  } finally {
    clearInterval(sweeper);
    clearTimeout(deadline);
  }
}
