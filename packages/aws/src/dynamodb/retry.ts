/** How throttled requests are retried. */
export interface RetryPolicy {
  /** Most attempts in all, the first included (default 8). */
  maxAttempts: number;
  /** Delay cap of the first retry in milliseconds; doubles each time (default 25). */
  baseDelayMs: number;
  /** Largest delay between two attempts (default 2000). */
  maxDelayMs: number;
  /** Waits `ms`; tests inject one that records instead of sleeping. */
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1), for jitter. */
  random(): number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 25,
  maxDelayMs: 2000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Runs `attempt` until it succeeds, `retriable(error)` is false, or the attempts run out; between
 * attempts it waits a "full jitter" delay (uniform in [0, min(max, base * 2^n)]), which spreads
 * clients that were throttled together.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  retriable: (error: unknown) => boolean,
  policy: RetryPolicy,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= policy.maxAttempts || !retriable(error)) throw error;
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
      await policy.sleep(Math.floor(policy.random() * cap));
    }
  }
}
