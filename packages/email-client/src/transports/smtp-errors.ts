import type { ApiError } from '@blockyard/core';
import { EmailErrors, emailError, permanent } from '../errors.js';

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: unknown;
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
 * Whether a failure is a refused downgrade (D-26): TLS was required and the relay answered STARTTLS
 * with a refusal (it does not offer it, or someone on the path stripped it), or refused EHLO, the
 * only greeting that can offer it. Nothing was sent after that.
 */
function refusedDowngrade(failure: SmtpFailure, tlsRequired: boolean): boolean {
  if (!tlsRequired) return false;
  if (failure.code === 'ETLS' && failure.command === 'STARTTLS') return typeof failure.response === 'string';
  return failure.code === 'ECONNECTION' && failure.command === 'EHLO' && failure.responseCode !== 421;
}

/**
 * Maps a nodemailer error to an EmailClient error, keeping it as `cause`. Temporary failures (4xx
 * replies, connection and timeout errors) are retriable; a sender the server refuses is
 * DomainNotVerified; a relay without the TLS it must have is TlsRequired (final: a configuration
 * error, not an outage); refused recipients, bad credentials and other 5xx replies are final.
 */
export function smtpError(error: unknown, tlsRequired = false): ApiError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const status = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  if (refusedDowngrade(failure, tlsRequired)) {
    return permanent(
      emailError(
        EmailErrors.TlsRequired,
        'the SMTP relay does not offer STARTTLS, and TLS is required for it (BLOCKS_EMAIL_URL: use smtps://, a relay with STARTTLS, or tls=off on purpose)',
        { retriable: false, cause: error },
      ),
    );
  }
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
