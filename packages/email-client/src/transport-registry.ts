import { processSlot } from '@blockyard/core/block';
import { mailboxFile } from './mailbox/data-dir.js';
import type { EmailTransport } from './transport.js';
import { describeTransport, type TransportConfig } from './transport-url.js';
import { createMailboxTransport } from './transports/mailbox-transport.js';
import { createSesTransport } from './transports/ses-transport.js';
import { createSmtpTransport } from './transports/smtp-transport.js';

// Process-wide, keyed by configuration: every EmailClient on the same server shares one SMTP pool or
// SES client, and a sandbox reload re-creating its blocks reuses them instead of leaking connections.
const registry = (): Map<string, EmailTransport> =>
  processSlot('blockyard:email-transports', () => new Map<string, EmailTransport>());

/** The shared transport for `config` (the mailbox one is per block: each block has its own file). */
export function transportFor(config: TransportConfig, fullId: string, clock: () => number): EmailTransport {
  if (config.kind === 'mailbox') return createMailboxTransport(mailboxFile(fullId), clock);
  const key = JSON.stringify(config);
  let transport = registry().get(key);
  if (!transport) {
    const description = describeTransport(config);
    transport =
      config.kind === 'smtp'
        ? createSmtpTransport(config, description)
        : createSesTransport(config, description);
    registry().set(key, transport);
  }
  return transport;
}

/** Closes every shared SMTP pool and SES client (on shutdown); later sends open new ones. */
export async function closeEmailTransports(): Promise<void> {
  const transports = [...registry().values()];
  registry().clear();
  await Promise.all(transports.map((t) => t.close().catch(() => {})));
}
