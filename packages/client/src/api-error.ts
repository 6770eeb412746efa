// A browser-safe twin of `@blockyard/core`'s ApiError: that package's entry also holds the server
// runtime, which a browser bundle must not pull in. Both classes brand their instances with the same
// registered symbol and test it in `instanceof`, so an error decoded here is an `ApiError` for either
// class, and `isBlocksError` behaves the same on both sides.

/** The `name` of an {@link ApiError} constructed without one. */
export const DEFAULT_API_ERROR_NAME = 'ApiError';

const API_ERROR_BRAND = Symbol.for('blockyard:ApiError');

/** Options of {@link ApiError}. */
export interface ApiErrorOptions {
  /** Stable machine-readable name to branch on, e.g. `InvalidCredentialsException`. */
  name?: string;
  /** The underlying error, if any. */
  cause?: unknown;
  /** Whether the same call may succeed later. */
  retriable?: boolean;
}

/** An error answered by a Blocks API: `status` (the JSON-RPC code or HTTP status), `name`, `retriable`. */
export class ApiError extends Error {
  readonly status: number;
  readonly retriable: boolean;

  constructor(message: string, status: number, options: ApiErrorOptions = {}) {
    super(message, options.cause ? { cause: options.cause } : undefined);
    this.name = options.name ?? DEFAULT_API_ERROR_NAME;
    this.status = status;
    this.retriable = options.retriable ?? false;
    Object.defineProperty(this, API_ERROR_BRAND, { value: true });
  }

  /** Also true for ApiErrors made by `@blockyard/core` or another loaded copy of this module. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== ApiError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[API_ERROR_BRAND] === true
    );
  }
}

/** True when `error` is an Error whose `name` is exactly `name`. Works on server and client. */
export function isBlocksError<N extends string>(error: unknown, name: N): error is Error & { name: N } {
  return error instanceof Error && error.name === name;
}

/** True when an auth state returned by `setAuthState` carries the error `name`. */
export function hasAuthError<N extends string>(
  state: { errorName?: string | undefined } | null | undefined,
  name: N,
): state is { errorName: N } {
  return state?.errorName === name;
}
