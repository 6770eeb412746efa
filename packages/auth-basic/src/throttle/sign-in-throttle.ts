import type { KVStore } from '@blockyard/kv-store';
import { addressKey } from './client-address.js';
import { lockoutSeconds, type ResolvedLockout } from './lockout.js';

/** What the `throttle` store holds: counters (numbers) and lock records. */
export type ThrottleValue = number | { until: number };

/** Why a sign-in is refused before the password is checked. */
export interface Refusal {
  /** `username` (locked after failures) or `address` (too many failures from the client). */
  reason: 'username' | 'address';
  /** Seconds until the refusal ends. */
  waitSeconds: number;
}

// Counts of consecutive failures are kept this long after the first one, so a username that fails
// now and then over months never reaches the threshold.
const FAILURE_MEMORY_SECONDS = 24 * 60 * 60;

/**
 * Bounds password guessing (D-14). Everything lives in the engine, so the bounds hold across
 * instances:
 * - `fail:<username>`: consecutive failures (atomic counter, forgotten 24 h after the first);
 * - `lock:<username>`: `{ until }` — set when the count reaches `maxFailures`, for
 *   {@link lockoutSeconds}; sign-in is refused until then, even with the right password;
 * - `addr:<address>:<window>`: failures from one client address in the current fixed window.
 * Lock ends are compared with the block's clock; engine expiry only clears old items.
 */
export class SignInThrottle {
  readonly #store: KVStore<ThrottleValue>;
  readonly #options: ResolvedLockout;

  constructor(store: KVStore<ThrottleValue>, options: ResolvedLockout) {
    this.#store = store;
    this.#options = options;
  }

  /** Why a sign-in of `username` from `address` must be refused now, or `null` when it may proceed. */
  async check(username: string, address: string | undefined, nowMs: number): Promise<Refusal | null> {
    const addr = addressKey(address);
    const window = this.#window(nowMs);
    const [lock, addressFailures] = await Promise.all([
      this.#store.get(`lock:${username}`),
      addr ? this.#store.get(`addr:${addr}:${window.index}`) : Promise.resolve(null),
    ]);
    if (typeof addressFailures === 'number' && addressFailures >= this.#options.maxAddressFailures) {
      return { reason: 'address', waitSeconds: (window.endsAt - nowMs) / 1000 };
    }
    if (lock && typeof lock === 'object' && lock.until > nowMs) {
      return { reason: 'username', waitSeconds: (lock.until - nowMs) / 1000 };
    }
    return null;
  }

  /** Counts a failed sign-in; locks the username when it reaches the threshold. */
  async recordFailure(username: string, address: string | undefined, nowMs: number): Promise<void> {
    const addr = addressKey(address);
    const window = this.#window(nowMs);
    const [failures] = await Promise.all([
      this.#store.increment(`fail:${username}`, 1, { ttlSeconds: FAILURE_MEMORY_SECONDS }),
      addr
        ? this.#store.increment(`addr:${addr}:${window.index}`, 1, {
            ttlSeconds: this.#options.addressWindowSeconds,
          })
        : Promise.resolve(0),
    ]);
    const seconds = lockoutSeconds(failures, this.#options);
    if (seconds > 0) {
      await this.#store.put(
        `lock:${username}`,
        { until: nowMs + seconds * 1000 },
        { ttlSeconds: Math.max(1, Math.ceil(seconds)) },
      );
    }
  }

  /** A successful sign-in: the username's failure count starts again from zero. */
  async recordSuccess(username: string): Promise<void> {
    await Promise.all([this.#store.delete(`fail:${username}`), this.#store.delete(`lock:${username}`)]);
  }

  #window(nowMs: number): { index: number; endsAt: number } {
    const length = this.#options.addressWindowSeconds * 1000;
    const index = Math.floor(nowMs / length);
    return { index, endsAt: (index + 1) * length };
  }
}
