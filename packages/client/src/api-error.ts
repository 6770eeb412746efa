/**
 * @module @blockyard/client/errors — the error model shared by server and client: `ApiError`,
 * `isBlocksError`, `hasAuthError`. Browser-safe: this module imports nothing; `@blockyard/core`
 * re-exports it, so the server runtime and the client use one `ApiError` class.
 */

/** The `name` of an {@link ApiError} constructed without one. */
export const DEFAULT_API_ERROR_NAME = 'ApiError';

// A registered symbol, not a module-local one: an app can install the same package twice under two
// names (an npm alias such as `@aws-blocks/core` next to `@blockyard/core`), and then two copies of
// this module, each with its own `ApiError` class, are loaded. The brand and `Symbol.hasInstance`
// below make an error of either copy an `ApiError` for both.
const API_ERROR_BRAND = Symbol.for('blockyard:ApiError');

/** Options of {@link ApiError}. */
export interface ApiErrorOptions {
  /** Stable machine-readable name clients branch on, e.g. `InvalidCredentialsException`. */
  name?: string;
  /** Server-side cause; never sent to clients. */
  cause?: unknown;
  /** Whether the client may retry the same call later. */
  retriable?: boolean;
}

/**
 * An error meant for the caller: its `status`, `message`, `name` and `retriable` cross the wire
 * (as the JSON-RPC error code, message and `data`), its `cause` does not.
 */
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

  /** Also true for ApiErrors created by another loaded copy of this module (an npm-alias install). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep the ordinary prototype-chain test.
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
