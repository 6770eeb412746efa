import { ApiError } from '@blockyard/core';
import { KVStoreErrors } from './errors.js';

/**
 * Tells the server log when an engine becomes unreachable and when it is back: one line each, however
 * many operations failed in between (each of them is answered 503, and the request log leaves them
 * out). Operations report every EngineUnavailable failure and their successes; a success while no
 * outage is open costs one field read.
 */
export class OutageLog {
  readonly #log: (line: string) => void;
  readonly #clock: () => number;
  #since: number | undefined;
  #refused = 0;

  constructor(log: (line: string) => void, clock: () => number = Date.now) {
    this.#log = log;
    this.#clock = clock;
  }

  /** Whether an outage is open: the last operation failed as unavailable and none succeeded since. */
  get down(): boolean {
    return this.#since !== undefined;
  }

  /** Records an operation's failure; only EngineUnavailable counts as an outage. Returns `error`. */
  failed<E>(error: E): E {
    if (!(error instanceof ApiError) || error.name !== KVStoreErrors.EngineUnavailable) return error;
    this.#refused++;
    if (this.#since === undefined) {
      this.#since = this.#clock();
      this.#log(`${error.message}. Requests that need it are answered 503 until it is back.`);
    }
    return error;
  }

  /** Records an operation's success, which ends an open outage. */
  succeeded(): void {
    if (this.#since === undefined) return;
    const seconds = ((this.#clock() - this.#since) / 1000).toFixed(1);
    this.#log(
      `The database is available again after ${seconds} s (${this.#refused} operations failed meanwhile).`,
    );
    this.#since = undefined;
    this.#refused = 0;
  }
}

/** Where engines write their outage lines when no `log` is given: standard error. */
export function stderrLine(line: string): void {
  process.stderr.write(`${line}\n`);
}
