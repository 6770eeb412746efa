import type { ApiError } from '@blockyard/core';
import { EmailErrors, emailError, permanent } from '../errors.js';

interface SdkFailure {
  name?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);
const PAUSED = new Set(['SendingPausedException', 'AccountSuspendedException']);

/**
 * Maps an SES v2 error to an EmailClient error, keeping it as `cause`: throttling → RateLimited
 * (retriable), a paused or suspended account → AccountPaused, an unverified sender identity or
 * MAIL FROM domain → DomainNotVerified, a request SES finds malformed → InvalidInput, anything
 * else → SendFailed (retriable for 5xx answers and network failures).
 */
export function sesError(error: unknown): ApiError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SdkFailure;
  const name = failure.name ?? '';
  const message = failure.message ?? '';
  const status = failure.$metadata?.httpStatusCode;
  const options = { cause: error };
  if (THROTTLED.has(name))
    return emailError(EmailErrors.RateLimited, 'Amazon SES throttles sending', options);
  if (PAUSED.has(name)) {
    return emailError(EmailErrors.AccountPaused, 'sending is paused for the Amazon SES account', options);
  }
  if (
    name === 'MailFromDomainNotVerifiedException' ||
    (name === 'MessageRejected' && /not verified/i.test(message))
  ) {
    return permanent(
      emailError(EmailErrors.DomainNotVerified, 'the sender identity is not verified in Amazon SES', options),
    );
  }
  if (name === 'BadRequestException') {
    return permanent(
      emailError(EmailErrors.InvalidInput, 'Amazon SES refused the request as invalid', options),
    );
  }
  const retriable = status === undefined || status >= 500 || failure.$retryable !== undefined;
  const failed = emailError(
    EmailErrors.SendFailed,
    status ? `Amazon SES refused the message (${name || status})` : 'Amazon SES cannot be reached',
    { ...options, retriable },
  );
  // A 4xx answer other than throttling refuses this message for good (MessageRejected: a suppressed
  // recipient, content SES will not send).
  return !retriable && status !== undefined && status >= 400 && status < 500 ? permanent(failed) : failed;
}
