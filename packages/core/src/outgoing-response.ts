import type { BlocksResponse } from './context.js';

/** {@link BlocksResponse} whose `Headers` object is only created when a block touches it. */
export class OutgoingBlocksResponse implements BlocksResponse {
  status = 200;
  #headers: Headers | undefined;
  #sent = false;
  #body: unknown;

  get headers(): Headers {
    this.#headers ??= new Headers({ 'content-type': 'application/json' });
    return this.#headers;
  }

  send(body: unknown): void {
    this.#sent = true;
    this.#body = body;
  }

  /** Whether `send` was called. */
  get sent(): boolean {
    return this.#sent;
  }

  /** The value given to `send`. */
  get sentBody(): unknown {
    return this.#body;
  }

  /** The headers if a block touched them, else `undefined` (meaning: only the default Content-Type). */
  get touchedHeaders(): Headers | undefined {
    return this.#headers;
  }
}
