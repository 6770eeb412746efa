import { processSlot } from '@blockyard/core/block';

/**
 * Descriptions of the transports of the EmailClients constructed in this process, for the dev inbox
 * page: filled as the blocks register (`register.ts`), read by the route (`inbox-route.ts`), so
 * neither module imports the other.
 */
export function inboxTransports(): Set<string> {
  return processSlot('blockyard:email-dev-inbox-transports', () => new Set<string>());
}
