import type { ApiError } from '@blockyard/core';
import { errorFactory } from '@blockyard/core/block';

/** Stable names of the errors a KVStore throws; branch on these with `isBlocksError`. */
export const KVStoreErrors = {
  /** A conditional `put` or `delete` found the item in another state (status 409). */
  ConditionalCheckFailed: 'ConditionalCheckFailedException',
  /** A key, value or option is not acceptable (status 400). Nothing was written. */
  ValidationFailed: 'ValidationFailedException',
  /** The serialised value is larger than 400 KiB (status 400). Nothing was written. */
  ItemTooLarge: 'ItemTooLargeException',
  /** The engine cannot be reached right now (status 503, retriable). */
  EngineUnavailable: 'EngineUnavailableException',
  /** The engine answered with an error that retrying will not fix (status 500). */
  EngineFailed: 'EngineFailedException',
} as const;

/** One of the {@link KVStoreErrors} names. */
export type KVStoreErrorName = (typeof KVStoreErrors)[keyof typeof KVStoreErrors];

/** The HTTP status of each {@link KVStoreErrors} name: the one table the errors are built from. */
const KV_STORE_ERROR_STATUS: Readonly<Record<KVStoreErrorName, number>> = {
  [KVStoreErrors.ConditionalCheckFailed]: 409,
  [KVStoreErrors.ValidationFailed]: 400,
  [KVStoreErrors.ItemTooLarge]: 400,
  [KVStoreErrors.EngineUnavailable]: 503,
  [KVStoreErrors.EngineFailed]: 500,
};

// The message is the sentence alone; the name travels in `name` (and `String(error)` joins the two).
const fail = errorFactory(KV_STORE_ERROR_STATUS);

/**
 * The conditional-write failure. An optimistic-lock mismatch (`ifValueEquals` alone) is retriable after a
 * re-read; an existence assertion (`ifNotExists`, `ifExists`) fails the same way when blindly retried.
 */
export function conditionalCheckFailed(retriable: boolean): ApiError {
  return fail(KVStoreErrors.ConditionalCheckFailed, 'The conditional request failed', { retriable });
}

/** Invalid input; `message` must describe the problem without echoing stored values. */
export function validationFailed(message: string): ApiError {
  return fail(KVStoreErrors.ValidationFailed, message);
}

/** The value is over the item size limit. */
export function itemTooLarge(): ApiError {
  return fail(KVStoreErrors.ItemTooLarge, 'Item size has exceeded the maximum allowed size of 400 KB');
}

/** The engine is unreachable or busy; `what` names it (never with credentials). */
export function engineUnavailable(what: string, reason: string, cause?: unknown): ApiError {
  return fail(KVStoreErrors.EngineUnavailable, `${what} is unavailable: ${reason}`, {
    cause,
    retriable: true,
  });
}

/** The engine failed in a way a retry will not fix. */
export function engineFailed(what: string, reason: string, cause?: unknown): ApiError {
  return fail(KVStoreErrors.EngineFailed, `${what} failed: ${reason}`, { cause });
}
