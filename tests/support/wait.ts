/**
 * @module tests/support/wait — bounded waiting: poll until a condition holds. Tests wait on the event
 * they expect, never for a fixed time, so there is no exported sleep.
 */

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Options of {@link pollUntil}. */
export interface PollOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between probes (default 50 ms). */
  intervalMs?: number;
  /** Included in the timeout error. */
  description?: string;
}

/**
 * Calls `probe` until it returns something other than `undefined`/`false` and resolves with that;
 * rejects after `timeoutMs` with the last value or error seen, so a failing test says what it saw.
 */
export async function pollUntil<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: PollOptions = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 50, description = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}; last: ${String(last)}`);
    }
    await sleep(intervalMs);
  }
}
