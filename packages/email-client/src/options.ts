import { OptionsError, warnUnknownOptions } from '@blockyard/core/block';
import { type MailAddress, parseAddress } from './address.js';

/** Receives the EmailClient's log lines; never given a message body, code or password. */
export interface EmailLogger {
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** Options of `new EmailClient(scope, id, options)` (R-901). */
export interface EmailClientOptions {
  /** The sender: `no-reply@example.com` or `Example <no-reply@example.com>`. */
  fromAddress: string;
  /** Where replies go instead of the sender. */
  replyTo?: string | string[];
  /** Amazon SES configuration set (event publishing, dedicated IPs); ignored by SMTP and the mailbox. */
  configurationSet?: string;
  /** Log lines (default: one line per event on stdout/stderr). */
  logger?: EmailLogger;
  /** Transport URL instead of `BLOCKS_EMAIL_URL` (`smtp://…`, `smtps://…`, `ses://<region>`). */
  url?: string;
  /** Clock in epoch milliseconds for message times and mailbox ids (default `Date.now`). */
  clock?: () => number;
}

/** {@link EmailClientOptions} validated. */
export interface ResolvedEmailOptions {
  from: MailAddress;
  replyTo: MailAddress[];
  configurationSet: string | undefined;
  logger: EmailLogger;
  url: string | undefined;
  clock: () => number;
}

const KNOWN = new Set(['fromAddress', 'replyTo', 'configurationSet', 'logger', 'url', 'clock']);
const CONFIGURATION_SET = /^[A-Za-z0-9_-]{1,64}$/;

function consoleLogger(block: string): EmailLogger {
  const line = (message: string, fields?: Record<string, unknown>) =>
    `[email] ${block}: ${message}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`;
  return {
    info: (message, fields) => console.log(line(message, fields)),
    warn: (message, fields) => console.error(line(message, fields)),
    error: (message, fields) => console.error(line(message, fields)),
  };
}

/**
 * Validates the options of the block `id`: a mistake throws an `OptionsError` (`InvalidOptionsError`)
 * naming the option, as every constructor does; an unknown key is ignored with a warning naming it and
 * the nearest known one.
 */
export function resolveOptions(id: string, fullId: string, options: unknown): ResolvedEmailOptions {
  const where = `EmailClient '${id}'`;
  if (typeof options !== 'object' || options === null) {
    throw new OptionsError(
      `${where}: options { fromAddress, replyTo?, configurationSet?, logger? } are required`,
    );
  }
  const o = options as Record<string, unknown>;
  const from = parseAddress(o.fromAddress);
  if (!from) throw new OptionsError(`${where}: 'fromAddress' must be an e-mail address`);
  const replyList = o.replyTo === undefined ? [] : typeof o.replyTo === 'string' ? [o.replyTo] : o.replyTo;
  if (!Array.isArray(replyList))
    throw new OptionsError(`${where}: 'replyTo' must be a list of e-mail addresses`);
  const replyTo = replyList.map((entry: unknown) => {
    const mailbox = parseAddress(entry);
    if (!mailbox) throw new OptionsError(`${where}: every 'replyTo' entry must be an e-mail address`);
    return mailbox;
  });
  if (o.configurationSet !== undefined) {
    if (typeof o.configurationSet !== 'string' || !CONFIGURATION_SET.test(o.configurationSet)) {
      throw new OptionsError(`${where}: 'configurationSet' must be 1-64 letters, digits, '-' or '_'`);
    }
  }
  const logger = o.logger;
  if (logger !== undefined) {
    const valid =
      typeof logger === 'object' &&
      logger !== null &&
      ['info', 'warn', 'error'].every((k) => {
        const f = (logger as Record<string, unknown>)[k];
        return f === undefined || typeof f === 'function';
      });
    if (!valid) throw new OptionsError(`${where}: 'logger' must be an object with info/warn/error functions`);
  }
  if (o.url !== undefined && typeof o.url !== 'string')
    throw new OptionsError(`${where}: 'url' must be a string`);
  if (o.clock !== undefined && typeof o.clock !== 'function') {
    throw new OptionsError(`${where}: 'clock' must be a function returning epoch milliseconds`);
  }
  const resolvedLogger = (logger as EmailLogger | undefined) ?? consoleLogger(fullId);
  warnUnknownOptions(where, o, KNOWN, (message) => resolvedLogger.warn?.(message));
  return {
    from,
    replyTo,
    configurationSet: o.configurationSet as string | undefined,
    logger: resolvedLogger,
    url: o.url as string | undefined,
    clock: (o.clock as (() => number) | undefined) ?? Date.now,
  };
}
