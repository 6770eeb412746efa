import { randomBytes } from 'node:crypto';
import { formatAddress } from '../address.js';
import { EmailErrors, emailError } from '../errors.js';
import { shownDataPath } from '../mailbox/data-dir.js';
import { Mailbox } from '../mailbox/mailbox.js';
import type { EmailTransport, OutgoingEmail, SentEmail } from '../transport.js';

/**
 * The local mailbox (no `BLOCKS_EMAIL_URL`): messages are kept in `emails.json`, where the dev inbox
 * shows them; nothing leaves the machine. Ids look like the reference's, `mock-<ms>-<random>`. The
 * description names the file relative to the app folder (D-09).
 */
export function createMailboxTransport(file: string, clock: () => number): EmailTransport {
  const mailbox = Mailbox.at(file);
  return {
    kind: 'mailbox',
    description: `the local mailbox ${shownDataPath(file)}`,
    async send(email: OutgoingEmail): Promise<SentEmail> {
      const now = clock();
      const messageId = `mock-${now}-${randomBytes(6).toString('hex')}`;
      try {
        await mailbox.append({
          messageId,
          timestamp: new Date(now).toISOString(),
          from: formatAddress(email.from),
          to: email.to.map(formatAddress),
          cc: email.cc.map(formatAddress),
          bcc: email.bcc.map(formatAddress),
          replyTo: email.replyTo.map(formatAddress),
          subject: email.subject,
          body: email.body,
          ...(email.html === undefined ? {} : { html: email.html }),
          ...(email.configurationSet === undefined ? {} : { configurationSet: email.configurationSet }),
        });
      } catch (error) {
        throw emailError(EmailErrors.SendFailed, 'cannot write the local mailbox', { cause: error });
      }
      return { messageId, refused: 0 };
    },
    async close(): Promise<void> {},
  };
}
