import { type ApiError, Scope, type ScopeParent } from '@blockyard/core';
import { processSlot } from '@blockyard/core/block';
import { registerDevInbox } from './dev-inbox/register.js';
import { type EmailErrorName, EmailErrors, emailError, invalidInput } from './errors.js';
import { type EmailMessage, validateMessage } from './message.js';
import { type EmailClientOptions, type ResolvedEmailOptions, resolveOptions } from './options.js';
import type { EmailTransport } from './transport.js';
import { transportFor } from './transport-registry.js';
import { parseTransportUrl } from './transport-url.js';

const VERSION = '0.1.0';
/** Most messages one `sendBatch` call takes. */
export const MAX_BATCH_MESSAGES = 10_000;
// Messages of a batch in flight at once: enough to keep an SMTP pool or SES busy, few enough not to
// open a connection per message.
const BATCH_CONCURRENCY = 8;

/** The outcome of one message of {@link EmailClient.sendBatch}, at its input position. */
export interface BatchResult {
  status: 'success' | 'failed';
  /** Set on success. */
  messageId?: string;
  /** Set on failure: what went wrong (never the message body). */
  error?: string;
  /** Set on failure: one of {@link EmailErrors}. */
  errorName?: EmailErrorName;
  /** Set on failure: whether sending this message again later may work. */
  retriable?: boolean;
}

function toApiError(error: unknown): ApiError {
  if (error instanceof Error && Object.values(EmailErrors).includes(error.name as EmailErrorName)) {
    return error as ApiError;
  }
  return emailError(EmailErrors.SendFailed, 'sending failed', { cause: error });
}

/**
 * The EmailClient block (R-901…R-905): sends e-mail through the transport `BLOCKS_EMAIL_URL` names
 * (SMTP, Amazon SES v2) or, when unset, keeps it in a local mailbox the sandbox's dev inbox shows.
 * Every input is validated before anything is sent; failures are `ApiError`s named by
 * {@link EmailErrors}.
 */
export class EmailClient extends Scope {
  /** Where this block's mail goes, for logs (never a password). */
  readonly transportDescription: string;
  readonly #options: ResolvedEmailOptions;
  readonly #transport: EmailTransport;

  constructor(scope: ScopeParent, id: string, options: EmailClientOptions) {
    super(id, { parent: scope, bbName: 'EmailClient', bbVersion: VERSION });
    this.#options = resolveOptions(id, this.fullId, options);
    const url = this.#options.url ?? process.env.BLOCKS_EMAIL_URL;
    const config = parseTransportUrl(url);
    const production = process.env.BLOCKS_STAGE === 'production';
    const explicitMailbox = url?.trim() === 'mailbox:';
    if (config.kind === 'mailbox' && production && !explicitMailbox) {
      // Under `blockyard start` a forgotten setting would quietly keep every code from its user.
      throw invalidInput(
        'BLOCKS_EMAIL_URL is not set: under blockyard start mail must go through a transport ' +
          '(smtp://, smtps:// or ses://); set BLOCKS_EMAIL_URL=mailbox: to keep the local mailbox on purpose',
      );
    }
    this.#transport = transportFor(config, this.fullId, this.#options.clock);
    this.transportDescription = this.#transport.description;
    if (config.kind === 'mailbox') {
      this.#noticeOnce(
        production
          ? `BLOCKS_EMAIL_URL=mailbox: under blockyard start: mail is not sent, it stays in ${this.#transport.description}`
          : `BLOCKS_EMAIL_URL is not set: mail is not sent, it stays in ${this.#transport.description}`,
        production,
      );
    }
    if (config.kind === 'smtp' && config.tlsOff) {
      this.#noticeOnce(
        `BLOCKS_EMAIL_URL has tls=off: mail to ${this.#transport.description} and its password travel unencrypted`,
        true,
      );
    }
    registerDevInbox(this, this.#transport);
  }

  // Said once per process and transport, so a server without a real or safe transport never looks
  // like it sends safely.
  #noticeOnce(text: string, warning: boolean): void {
    const notified = processSlot('blockyard:email-mailbox-notice', () => new Set<string>());
    if (notified.has(this.#transport.description)) return;
    notified.add(this.#transport.description);
    if (warning) this.#options.logger.warn?.(text);
    else this.#options.logger.info?.(text);
  }

  /**
   * Sends one message; resolves with the provider's message id once it accepted it.
   * @throws InvalidInputException for bad input (nothing sent); EmailSendFailedException,
   * DomainNotVerifiedException, AccountSendingPausedException or RateLimitedException (retriable)
   * when the provider refuses or cannot be reached.
   */
  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const valid = validateMessage(message);
    try {
      const { messageId, refused } = await this.#transport.send({
        ...valid,
        from: this.#options.from,
        replyTo: this.#options.replyTo,
        configurationSet: this.#options.configurationSet,
      });
      if (refused > 0) {
        this.#options.logger.warn?.('the server refused some recipients; sent to the others', {
          messageId,
          refused,
        });
      }
      if (this.#transport.kind === 'mailbox') {
        this.#options.logger.info?.('message kept in the local mailbox', { messageId });
      }
      return { messageId };
    } catch (error) {
      const failure = toApiError(error);
      this.#options.logger.warn?.('sending failed', {
        name: failure.name,
        retriable: failure.retriable,
        transport: this.#transport.description,
      });
      throw failure;
    }
  }

  /**
   * Sends many messages, a few at a time; `results[i]` is the outcome of `messages[i]`. A message that
   * is invalid or refused fails alone: only a `messages` value that is not an array (or longer than
   * {@link MAX_BATCH_MESSAGES}) throws.
   */
  async sendBatch(messages: EmailMessage[]): Promise<{ results: BatchResult[] }> {
    if (!Array.isArray(messages)) throw invalidInput("'messages' must be an array of messages");
    if (messages.length > MAX_BATCH_MESSAGES) {
      throw invalidInput(`at most ${MAX_BATCH_MESSAGES} messages per sendBatch call`);
    }
    const results: BatchResult[] = new Array(messages.length);
    let next = 0;
    const worker = async () => {
      while (next < messages.length) {
        const index = next++;
        try {
          const { messageId } = await this.send(messages[index] as EmailMessage);
          results[index] = { status: 'success', messageId };
        } catch (error) {
          const failure = toApiError(error);
          results[index] = {
            status: 'failed',
            error: failure.message,
            errorName: failure.name as EmailErrorName,
            retriable: failure.retriable,
          };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, messages.length) }, worker));
    return { results };
  }
}
