import { isBlocksError, RawRoute, RawRouteErrors, type Scope } from '@blockyard/core';
import type { EmailTransport } from '../transport.js';
import { devInboxHandler } from './inbox-route.js';
import { inboxTransports } from './inbox-transports.js';

/** Where the sandbox serves the dev inbox. */
export const DEV_INBOX_PATH = '/aws-blocks/dev/inbox';

/**
 * Registers the dev inbox route while a backend loads, in the sandbox only (`BLOCKS_STAGE=sandbox`,
 * set by `blockyard sandbox`): `blockyard start` never serves it. The first EmailClient of a load
 * registers it; it shows the mailboxes of them all.
 */
export function registerDevInbox(block: Scope, transport: EmailTransport): void {
  if (process.env.BLOCKS_STAGE !== 'sandbox') return;
  inboxTransports().add(transport.description);
  try {
    new RawRoute(block, 'dev-inbox', { method: 'GET', path: DEV_INBOX_PATH, handler: devInboxHandler });
  } catch (error) {
    // Another EmailClient of this backend already registered it, or the backend finished loading.
    if (
      isBlocksError(error, RawRouteErrors.DuplicateRoute) ||
      isBlocksError(error, RawRouteErrors.RegistryLocked)
    ) {
      return;
    }
    throw error;
  }
}
