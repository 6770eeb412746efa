import { ApiError } from '@blockyard/core';
import { engineFailed, engineUnavailable, itemTooLarge } from '@blockyard/kv-store/engine';

/** DynamoDB error names that mean "slow down and try again": the request was not applied. */
const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

const UNAVAILABLE: Record<string, string> = {
  ResourceNotFoundException: 'the table does not exist (create it, or add createTable=1 for a local one)',
  UnrecognizedClientException: 'the credentials are not valid',
  InvalidSignatureException: 'the credentials are not valid',
  ExpiredTokenException: 'the credentials have expired',
  AccessDeniedException: 'access denied',
  CredentialsProviderError: 'no AWS credentials found',
  InternalServerError: 'the service failed (InternalServerError)',
  ServiceUnavailable: 'the service is unavailable',
};

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection lost',
  EPIPE: 'connection lost',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
};

function nameOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}

function networkCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const inner = (error as { errors?: unknown[] } | null)?.errors?.[0];
  return inner === undefined ? '' : networkCode(inner);
}

/** True when DynamoDB refused the request for its rate: nothing was applied, a later retry may pass. */
export function isThrottled(error: unknown): boolean {
  return THROTTLED.has(nameOf(error));
}

/** True when a conditional write or delete found the item in another state. */
export function isConditionFailed(error: unknown): boolean {
  return nameOf(error) === 'ConditionalCheckFailedException';
}

/**
 * Translates an SDK error into a KVStore ApiError naming the table (`label`) and a short reason; the
 * SDK error stays as `cause`. Credentials never appear in SDK messages we keep, and none are echoed.
 */
export function translateDynamoDbError(error: unknown, label: string): ApiError {
  if (error instanceof ApiError) return error;
  const name = nameOf(error);
  if (name === 'ValidationException' && /item size/i.test((error as Error).message)) return itemTooLarge();
  if (THROTTLED.has(name)) return engineUnavailable(label, 'throttled (retries exhausted)', error);
  const unavailable = UNAVAILABLE[name];
  if (unavailable) return engineUnavailable(label, unavailable, error);
  const network = NETWORK[networkCode(error)] ?? NETWORK[networkCode((error as { cause?: unknown })?.cause)];
  if (network) return engineUnavailable(label, network, error);
  if (/timeout/i.test(name)) return engineUnavailable(label, 'request timed out', error);
  return engineFailed(label, name ? name : 'unexpected error', error);
}
