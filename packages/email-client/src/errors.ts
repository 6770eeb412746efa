import { ApiError } from '@blockyard/core';

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
} as const;

/** One of the {@link EmailErrors} names. */
export type EmailErrorName = (typeof EmailErrors)[keyof typeof EmailErrors];

const STATUS: Record<EmailErrorName, number> = {
  [EmailErrors.SendFailed]: 502,
  [EmailErrors.InvalidInput]: 400,
  [EmailErrors.DomainNotVerified]: 403,
  [EmailErrors.AccountPaused]: 403,
  [EmailErrors.RateLimited]: 429,
};

/** Options of {@link emailError}. */
export interface EmailErrorOptions {
  /** Whether sending the same message again later may work (default: only for RateLimited). */
  retriable?: boolean;
  /**
   * Whether the same message can never be sent as it is (a refused recipient, a 5xx reply, bad input):
   * the error then carries `permanent: true`, and AuthBasic's code outbox does not retry it (default:
   * only for InvalidInput and DomainNotVerified).
   */
  permanent?: boolean;
  /** The transport's own error; stays server-side. */
  cause?: unknown;
}

/**
 * The one place EmailClient errors are made: status from the name, `retriable` defaulting to true
 * for RateLimited only, `permanent: true` for failures no retry can cure. Messages never contain
 * message bodies or credentials.
 */
export function emailError(name: EmailErrorName, message: string, options: EmailErrorOptions = {}): ApiError {
  const error = new ApiError(message, STATUS[name], {
    name,
    retriable: options.retriable ?? name === EmailErrors.RateLimited,
    cause: options.cause,
  });
  if (options.permanent ?? PERMANENT.has(name)) Object.assign(error, { permanent: true });
  return error;
}

// Errors that no later attempt of the same message can get past.
const PERMANENT: ReadonlySet<EmailErrorName> = new Set([
  EmailErrors.InvalidInput,
  EmailErrors.DomainNotVerified,
]);

/** InvalidInput with `message` (which names the field, never the body). */
export function invalidInput(message: string): ApiError {
  return emailError(EmailErrors.InvalidInput, message);
}
