import { encodeError, encodeThrown } from './rpc/codec.js';
import { toWireError } from './wire-error.js';

/** An error answer's HTTP status and JSON body. */
export interface ErrorAnswer {
  readonly status: number;
  readonly body: string;
}

/** How {@link errorAnswer} encodes. */
export interface ErrorAnswerOptions {
  /** A JSON-RPC error object (the RPC path), else the raw `{"error":…,"name":…}` shape. */
  rpc: boolean;
  /** Show an unexpected error's own message (the sandbox, D-02). */
  revealInternal: boolean;
  /** Further members of the raw shape that a reference answer carries (`code: 'HANDLER_TIMEOUT'`). */
  fields?: Readonly<Record<string, string>>;
}

/**
 * A thrown value as a whole answer, through the one encoder ({@link toWireError}): a JSON-RPC error
 * object (`id: null`) for the RPC path, else `{"error":…,"name":…}` (D-02), with the error's status.
 * For adapters that answer before or around the handler (the Lambda adapter's timeout, Host and
 * failure answers).
 */
export function errorAnswer(error: unknown, options: ErrorAnswerOptions): ErrorAnswer {
  const { rpc, revealInternal } = options;
  const wire = toWireError(error, revealInternal);
  if (rpc) {
    const { code, message, data } = encodeThrown(error, revealInternal);
    return { status: wire.status, body: encodeError(null, code, message, data) };
  }
  const payload: Record<string, string> = { error: wire.message };
  if (wire.name !== undefined) payload.name = wire.name;
  Object.assign(payload, options.fields);
  return { status: wire.status, body: JSON.stringify(payload) };
}
