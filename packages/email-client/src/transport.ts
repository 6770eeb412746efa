import type { MailAddress } from './address.js';
import type { ValidMessage } from './message.js';

/** A validated message with its sender, as a transport receives it. */
export interface OutgoingEmail extends ValidMessage {
  readonly from: MailAddress;
  readonly replyTo: readonly MailAddress[];
  readonly configurationSet: string | undefined;
}

/** What a transport reports for an accepted message. */
export interface SentEmail {
  messageId: string;
  /** Recipients the provider refused while accepting the message for the others. */
  refused: number;
}

/**
 * Moves messages to their recipients. `send` resolves with the provider's message id once the
 * provider accepted the message, and rejects only with EmailClient errors (`EmailErrors`), the
 * native error kept as `cause`.
 */
export interface EmailTransport {
  /** `smtp`, `ses` or `mailbox`. */
  readonly kind: 'smtp' | 'ses' | 'mailbox';
  /** Where mail goes, for logs: never contains a password. */
  readonly description: string;
  send(email: OutgoingEmail): Promise<SentEmail>;
  /** Closes pooled connections; sending afterwards opens new ones. */
  close(): Promise<void>;
}
