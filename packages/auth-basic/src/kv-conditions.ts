import { isBlocksError } from '@blockyard/core';
import { KVStoreErrors } from '@blockyard/kv-store';

/** Whether `error` is a KVStore conditional write that found the item in another state. */
export function isConditionFailure(error: unknown): boolean {
  return isBlocksError(error, KVStoreErrors.ConditionalCheckFailed);
}
