import { CoreErrors, coreError } from './core-errors.js';
import type { ApiError } from './errors.js';

/** The message of an over-limit body, e.g. `Request body exceeds the 10485760 byte (10 MiB) limit`. */
export function payloadTooLargeMessage(limit: number): string {
  const mib = limit / (1024 * 1024);
  const kib = limit / 1024;
  const readable =
    Number.isInteger(mib) && mib > 0
      ? `${mib} MiB`
      : Number.isInteger(kib) && kib > 0
        ? `${kib} KiB`
        : `${limit} B`;
  return `Request body exceeds the ${limit} byte (${readable}) limit`;
}

/** The error raised when a block reads a body that passes the limit (HTTP 413). */
export function payloadTooLargeError(limit: number): ApiError {
  return coreError(CoreErrors.PayloadTooLarge, payloadTooLargeMessage(limit));
}
