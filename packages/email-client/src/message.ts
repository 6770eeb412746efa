import { type MailAddress, parseAddress } from './address.js';
import { EmailErrors, emailError, invalidInput } from './errors.js';

/** Most recipients of one message, To, Cc and Bcc together (R-904, the SES limit). */
export const MAX_RECIPIENTS = 50;
/** Largest message, in bytes of its text, HTML, subject and addresses (R-904, the SES v2 limit). */
export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
/** Longest subject, in characters. */
export const MAX_SUBJECT_LENGTH = 998;

/** One e-mail to send. */
export interface EmailMessage {
  /** One address or several (`user@example.com` or `Name <user@example.com>`). */
  to: string | string[];
  /** A single line. */
  subject: string;
  /** The plain-text part. */
  body: string;
  /** An HTML part, sent as the alternative to `body`. */
  html?: string;
  /** Carbon-copy recipients. */
  cc?: string | string[];
  /** Blind carbon-copy recipients: they receive the message but appear in no header. */
  bcc?: string | string[];
}

/** A validated message, recipients parsed. */
export interface ValidMessage {
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly bcc: readonly MailAddress[];
  readonly subject: string;
  readonly body: string;
  readonly html: string | undefined;
}

const FIELDS = new Set(['to', 'subject', 'body', 'html', 'cc', 'bcc']);

function recipients(value: unknown, field: string, required: boolean): MailAddress[] {
  if (value === undefined || value === null) {
    if (required) throw invalidInput(`'${field}' is required: an e-mail address or a list of them`);
    return [];
  }
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw invalidInput(`'${field}' must be an e-mail address or a list of them`);
  if (required && list.length === 0) throw invalidInput(`'${field}' needs at least one address`);
  if (list.length > MAX_RECIPIENTS) {
    throw invalidInput(`at most ${MAX_RECIPIENTS} recipients per message (To, Cc and Bcc together)`);
  }
  return list.map((entry, index) => {
    const mailbox = parseAddress(entry);
    if (!mailbox) {
      const where = typeof value === 'string' ? `'${field}'` : `'${field}[${index}]'`;
      throw invalidInput(`${where} is not a valid e-mail address`);
    }
    return mailbox;
  });
}

function text(value: unknown, field: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw invalidInput(`'${field}' must be a string`);
  if (value.includes('\0')) throw invalidInput(`'${field}' must not contain NUL characters`);
  return value;
}

/**
 * Checks one message against R-904: known fields only, valid addresses, at most 50 recipients, a
 * one-line subject, string parts; throws InvalidInput naming the field. A message over 40 MiB
 * throws SendFailed (the provider's limit, as the reference reports it).
 */
export function validateMessage(input: unknown): ValidMessage {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidInput('the message must be an object { to, subject, body, html?, cc?, bcc? }');
  }
  const message = input as Record<string, unknown>;
  for (const key of Object.keys(message)) {
    if (!FIELDS.has(key)) throw invalidInput(`unknown message field '${key}'`);
  }
  const to = recipients(message.to, 'to', true);
  const cc = recipients(message.cc, 'cc', false);
  const bcc = recipients(message.bcc, 'bcc', false);
  if (to.length + cc.length + bcc.length > MAX_RECIPIENTS) {
    throw invalidInput(`at most ${MAX_RECIPIENTS} recipients per message (To, Cc and Bcc together)`);
  }
  const subject = text(message.subject, 'subject', true) as string;
  if (subject.trim() === '') throw invalidInput("'subject' must not be empty");
  if (/[\r\n]/.test(subject)) throw invalidInput("'subject' must be a single line");
  if (subject.length > MAX_SUBJECT_LENGTH) {
    throw invalidInput(`'subject' must be at most ${MAX_SUBJECT_LENGTH} characters`);
  }
  const body = text(message.body, 'body', true) as string;
  const html = text(message.html, 'html', false);
  const size =
    Buffer.byteLength(subject) +
    Buffer.byteLength(body) +
    (html === undefined ? 0 : Buffer.byteLength(html)) +
    [...to, ...cc, ...bcc].reduce((sum, m) => sum + m.address.length + (m.name?.length ?? 0), 0);
  if (size > MAX_MESSAGE_BYTES) {
    throw emailError(EmailErrors.SendFailed, 'the message is larger than 40 MiB');
  }
  return { to, cc, bcc, subject, body, html };
}
