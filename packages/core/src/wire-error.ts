import { CoreErrors } from './core-errors.js';
import { ApiError } from './errors.js';
import { isValidStatus } from './wire-response.js';

/** What of a thrown value crosses the wire: the same for RPC errors, raw routes and auth states. */
export interface WireError {
  /** The JSON-RPC error code: an ApiError's `status` as given, else 500. */
  readonly code: number;
  /** The HTTP status of a raw-route answer: `code` when it is a valid status (200–599), else 500. */
  readonly status: number;
  /** The message shown to the caller. */
  readonly message: string;
  /** The stable error name, or `undefined` for a nameless (`Error`) throw. */
  readonly name: string | undefined;
  /** Whether the caller may retry. */
  readonly retriable: boolean;
  /** True when the value was not an ApiError: an unexpected failure whose stack belongs in the log. */
  readonly unexpected: boolean;
}

const INTERNAL_MESSAGE = 'Internal error';

function describe(error: unknown): { name: string | undefined; message: string } {
  if (error instanceof Error) return { name: error.name || undefined, message: String(error.message) };
  try {
    return { name: undefined, message: String(error) };
  } catch {
    return { name: undefined, message: 'Unknown error' };
  }
}

/**
 * The one function that turns a thrown value into a wire error (R-306 with D-02). An ApiError keeps
 * its status as the code (the HTTP status falls back to 500 when it is not a valid one), message, name and `retriable`; its `cause`
 * stays server-side. Anything else is status 500 and, unless `revealInternal` (the sandbox), shows
 * only `Internal error` / `InternalError`. The name `Error` counts as no name.
 */
export function toWireError(error: unknown, revealInternal: boolean): WireError {
  if (error instanceof ApiError) {
    const name = error.name && error.name !== 'Error' ? error.name : undefined;
    const code = error.status;
    return {
      code,
      status: isValidStatus(code) ? code : 500,
      message: String(error.message),
      name,
      retriable: error.retriable === true,
      unexpected: false,
    };
  }
  const internal = { code: 500, status: 500, retriable: false, unexpected: true };
  if (!revealInternal) return { ...internal, message: INTERNAL_MESSAGE, name: CoreErrors.Internal };
  const { name, message } = describe(error);
  return { ...internal, message, name: name === 'Error' ? undefined : name };
}

/**
 * Seconds a client is asked to wait before retrying an answer that says a dependency is unavailable
 * for now (a retriable 503, such as an engine outage): short, since the pool reconnects by itself.
 */
export const RETRY_AFTER_SECONDS = 2;

/** The `Retry-After` value for a wire error: set for a retriable 503, otherwise `undefined`. */
export function retryAfterFor(wire: Pick<WireError, 'code' | 'retriable'>): string | undefined {
  return wire.code === 503 && wire.retriable ? String(RETRY_AFTER_SECONDS) : undefined;
}

/** Name and message of a thrown value for the server log (never redacted away, never sent). */
export function describeThrown(error: unknown): { name: string; message: string } {
  const { name, message } = describe(error);
  return { name: name ?? 'Error', message };
}
