/**
 * @module tests/support/free-port — a TCP port on 127.0.0.1 that was free a moment ago.
 */
import { createServer } from 'node:net';

/**
 * Asks the OS for a free port on 127.0.0.1. Another process may take it before it is used; prefer
 * starting servers with port 0 and reading the port they report ({@link startSandbox} does).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
