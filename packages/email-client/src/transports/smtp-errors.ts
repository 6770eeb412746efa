import type { ApiError } from '@blockyard/core';
import { EmailErrors, emailError, permanent } from '../errors.js';

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  command?: string;
}

const NETWORK = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETLS',
]);

/**
 * Maps a nodemailer error to an EmailClient error, keeping it as `cause`. Temporary failures (4xx
 * replies, connection and timeout errors) are retriable; a sender the server refuses is
 * DomainNotVerified; refused recipients, bad credentials and other 5xx replies are final.
 */
export function smtpError(error: unknown): ApiError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const status = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  if (failure.code === 'EAUTH') {
    return emailError(EmailErrors.SendFailed, 'the SMTP server refused the credentials', { cause: error });
  }
  if (status === 421 || status === 450 || status === 451 || status === 452 || status === 454) {
    return emailError(EmailErrors.SendFailed, `the SMTP server is temporarily unavailable (${status})`, {
      retriable: true,
      cause: error,
    });
  }
  if (status !== undefined && status >= 500 && /^MAIL FROM/i.test(failure.command ?? '')) {
    return permanent(
      emailError(EmailErrors.DomainNotVerified, `the SMTP server refuses the sender address (${status})`, {
        cause: error,
      }),
    );
  }
  if (failure.code === 'EENVELOPE') {
    // Permanent, unlike refused credentials, which an operator may correct while a caller retries.
    return permanent(
      emailError(EmailErrors.SendFailed, 'the SMTP server refused the recipients', { cause: error }),
    );
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return emailError(EmailErrors.SendFailed, `the SMTP server deferred the message (${status})`, {
      retriable: true,
      cause: error,
    });
  }
  if (failure.code !== undefined && NETWORK.has(failure.code)) {
    return emailError(EmailErrors.SendFailed, 'the SMTP server cannot be reached or closed the connection', {
      retriable: true,
      cause: error,
    });
  }
  const refused = emailError(
    EmailErrors.SendFailed,
    status ? `the SMTP server refused the message (${status})` : 'sending over SMTP failed',
    { cause: error },
  );
  // A 5xx reply refuses this message for good (RFC 5321); anything else may be an outage.
  return status !== undefined && status >= 500 ? permanent(refused) : refused;
}
