import type { ApiError } from '@blockyard/core';
import { errorFactory } from '@blockyard/core/block';

/** Stable names of the errors an EmailClient throws; branch on these with `isBlocksError`. */
export const EmailErrors = {
  /** The message could not be sent (transport refused it, connection failed, over 40 MiB); status 502. */
  SendFailed: 'EmailSendFailedException',
  /** The input or the options are not acceptable; status 400. Nothing was sent. */
  InvalidInput: 'InvalidInputException',
  /** The provider refuses the sender: its domain or address is not verified; status 403. */
  DomainNotVerified: 'DomainNotVerifiedException',
  /** The provider account may not send at the moment; status 403. */
  AccountPaused: 'AccountSendingPausedException',
  /** The provider throttles sending; status 429, retriable. */
  RateLimited: 'RateLimitedException',
  /**
   * TLS is required (D-26) but the SMTP relay did not offer or complete STARTTLS: nothing, not even
   * the password, was sent in clear. A configuration error, never retried as an outage; status 502.
   */
  TlsRequired: 'EmailTlsRequiredException',
} as const;

/** One of the {@link EmailErrors} names. */
export type EmailErrorName = (typeof EmailErrors)[keyof typeof EmailErrors];

/** The HTTP status of each {@link EmailErrors} name: the one table the errors are built from. */
const EMAIL_ERROR_STATUS: Readonly<Record<EmailErrorName, number>> = {
  [EmailErrors.SendFailed]: 502,
  [EmailErrors.InvalidInput]: 400,
  [EmailErrors.DomainNotVerified]: 403,
  [EmailErrors.AccountPaused]: 403,
  [EmailErrors.RateLimited]: 429,
  [EmailErrors.TlsRequired]: 502,
};

const fail = errorFactory(EMAIL_ERROR_STATUS);

/** Options of {@link emailError}. */
export interface EmailErrorOptions {
  /** Whether sending the same message again later may work (default: only for RateLimited). */
  retriable?: boolean;
  /** The transport's own error; stays server-side. */
  cause?: unknown;
}

/**
 * The one place EmailClient errors are made: status from the name, `retriable` defaulting to true
 * for RateLimited only. Messages never contain message bodies or credentials.
 */
export function emailError(name: EmailErrorName, message: string, options: EmailErrorOptions = {}): ApiError {
  return fail(name, message, {
    retriable: options.retriable ?? name === EmailErrors.RateLimited,
    cause: options.cause,
  });
}

/**
 * Marks `error` permanent (`permanent: true`, an own property) and returns it: no later attempt of the
 * same message can succeed — bad input, a sender or recipient the provider refuses, a 5xx SMTP reply —
 * so AuthBasic's code outbox gives such a delivery up at once instead of retrying it.
 */
export function permanent(error: ApiError): ApiError {
  return Object.assign(error, { permanent: true });
}

/** InvalidInput with `message` (which names the field, never the body); permanent. */
export function invalidInput(message: string): ApiError {
  return permanent(emailError(EmailErrors.InvalidInput, message));
}
