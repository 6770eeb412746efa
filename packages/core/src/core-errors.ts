import { ApiError, type ApiErrorOptions } from './errors.js';

/** Stable names of the errors the core runtime itself answers with; branch on them with `isBlocksError`. */
export const CoreErrors = {
  /** A thrown value that is not an ApiError, as production shows it (500). */
  Internal: 'InternalError',
  /** The request body passed the size limit (413). */
  PayloadTooLarge: 'PayloadTooLarge',
  /** The body is not a JSON-RPC 2.0 request, or has the wrong content type (-32600 / 400). */
  InvalidRequest: 'InvalidRequest',
  /** `params` is neither an array nor an object (-32602 / 400). */
  InvalidParams: 'InvalidParams',
  /** The request's Host is not on the allowlist (421, D-20). */
  HostNotAllowed: 'HostNotAllowed',
  /** The request ran into its deadline (504, the Lambda adapter's R-1508). */
  HandlerTimeout: 'HandlerTimeoutError',
  /** A developer passed options a constructor or factory cannot use (thrown at construction). */
  InvalidOptions: 'InvalidOptionsError',
} as const;

/**
 * Builds the error factory of one block from its one table of names and HTTP statuses, so a name
 * always travels with the same status: `const fail = errorFactory({ [Errors.Busy]: 503 });
 * throw fail(Errors.Busy, 'Try later', { retriable: true })`. The message is the text users read;
 * it carries no `Name:` prefix (the name travels separately, as `data.name`).
 */
export function errorFactory<N extends string>(
  statuses: Readonly<Record<N, number>>,
): (name: N, message: string, options?: Omit<ApiErrorOptions, 'name'>) => ApiError {
  return (name, message, options = {}) => new ApiError(message, statuses[name], { ...options, name });
}

/** HTTP status of each {@link CoreErrors} name that crosses the wire. */
export const CORE_ERROR_STATUS = {
  [CoreErrors.Internal]: 500,
  [CoreErrors.PayloadTooLarge]: 413,
  [CoreErrors.InvalidRequest]: 400,
  [CoreErrors.InvalidParams]: 400,
  [CoreErrors.HostNotAllowed]: 421,
  [CoreErrors.HandlerTimeout]: 504,
} as const;

/** Creates the core runtime's own wire errors, with the status from {@link CORE_ERROR_STATUS}. */
export const coreError = errorFactory<keyof typeof CORE_ERROR_STATUS>(CORE_ERROR_STATUS);
