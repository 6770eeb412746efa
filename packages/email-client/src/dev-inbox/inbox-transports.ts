const TRANSPORTS_KEY = Symbol.for('blockyard:email-dev-inbox-transports');

/**
 * Descriptions of the transports of the EmailClients constructed in this process, for the dev inbox
 * page: filled as the blocks register (`register.ts`), read by the route (`inbox-route.ts`), so
 * neither module imports the other.
 */
export function inboxTransports(): Set<string> {
  const g = globalThis as { [TRANSPORTS_KEY]?: Set<string> };
  g[TRANSPORTS_KEY] ??= new Set();
  return g[TRANSPORTS_KEY];
}
