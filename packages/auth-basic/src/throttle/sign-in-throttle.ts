import type { KVStore } from '@blockyard/kv-store';
import { isConditionFailure } from '../kv-conditions.js';
import { addressKey } from './client-address.js';
import { type FixedWindow, fixedWindow } from './fixed-window.js';
import { lockoutSeconds, type ResolvedLockout } from './lockout.js';

/**
 * A lock record: sign-in is refused until `until`. `level` is how many times the lock has doubled.
 * `claimedAt` is set while one attempt holds the single guess a lock grants (once it has expired, or
 * when the count reaches `maxFailures`); other attempts are refused meanwhile.
 */
export interface LockRecord {
  until: number;
  level: number;
  claimedAt?: number;
}

/** What the `throttle` store holds here: counters (numbers) and lock records. */
export type ThrottleValue = number | LockRecord;

/** Why a sign-in is refused before the password is checked. */
export interface Refusal {
  /** `username` (locked after failures) or `address` (too many failures from the client). */
  reason: 'username' | 'address';
  /** Seconds until the refusal ends. */
  waitSeconds: number;
}

/** A reserved password check: settle it exactly once with {@link Reservation.fail} or `succeed`. */
export interface Reservation {
  /** The check failed: the attempt stays counted, and may lock the username. */
  fail(nowMs: number): Promise<void>;
  /** The check passed: the reservation is given back and the username's count starts again. */
  succeed(): Promise<void>;
}

/** Outcome of {@link SignInThrottle.reserve}. */
export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; refusal: Refusal };

// Counts of consecutive failures are kept this long after the first one, so a username that fails
// now and then over months never reaches the threshold. Lock records live as long, so a count past
// the threshold always finds the lock that governs it.
const FAILURE_MEMORY_SECONDS = 24 * 60 * 60;
// A claim older than this belongs to a request that died mid-check; another attempt may take over.
const STALE_CLAIM_MS = 60_000;

/**
 * Bounds password guessing (D-14), also under parallel requests: every attempt *reserves* its place
 * with an atomic increment before any hashing, so no burst gets more checks in than the bounds allow.
 * Everything lives in the engine, so the bounds hold across instances:
 * - `addr:<address>:<window>`: attempts from one client address in the current fixed window; beyond
 *   `maxAddressFailures` they are refused; a success gives its reservation back.
 * - `fail:<username>`: attempts since the last success (atomic counter, forgotten 24 h after the
 *   first); the first `maxFailures` may proceed.
 * - `lock:<username>`: a {@link LockRecord}. The attempt that reaches `maxFailures`, and after a lock
 *   expires the one attempt that wins a compare-and-set on it, *claims* the record; its failure locks
 *   the username for {@link lockoutSeconds} (doubling per level), its success clears everything.
 * Lock ends are compared with the block's clock; engine expiry only clears old items.
 */
export class SignInThrottle {
  readonly #store: KVStore<ThrottleValue>;
  readonly #options: ResolvedLockout;

  constructor(store: KVStore<ThrottleValue>, options: ResolvedLockout) {
    this.#store = store;
    this.#options = options;
  }

  /**
   * Reserves one password check of `username` from `address`, or says why it must be refused. The
   * address is reserved first, so a refused address cannot inflate a username's count.
   */
  async reserve(username: string, address: string | undefined, nowMs: number): Promise<ReserveResult> {
    const addr = addressKey(address);
    const window = this.#window(nowMs);
    const addrKey = addr ? `addr:${addr}:${window.index}` : null;
    if (addrKey) {
      const used = await this.#store.increment(addrKey, 1, {
        ttlSeconds: this.#options.addressWindowSeconds,
      });
      if (used > this.#options.maxAddressFailures) {
        return { ok: false, refusal: { reason: 'address', waitSeconds: (window.endsAt - nowMs) / 1000 } };
      }
    }
    const giveBackAddress = async () => {
      if (addrKey) await this.#store.increment(addrKey, -1);
    };
    const [count, lockValue] = await Promise.all([
      this.#store.increment(`fail:${username}`, 1, { ttlSeconds: FAILURE_MEMORY_SECONDS }),
      this.#store.get(`lock:${username}`),
    ]);
    const lock = asLock(lockValue);
    const claim = await this.#claim(username, count, lock, nowMs);
    if (claim === 'refused') {
      await giveBackAddress();
      const wait = lock && lock.until > nowMs ? (lock.until - nowMs) / 1000 : this.#options.baseSeconds;
      return { ok: false, refusal: { reason: 'username', waitSeconds: wait } };
    }
    const claimed = claim;
    return {
      ok: true,
      reservation: {
        fail: async (failedAt) => {
          if (claimed === null) return;
          const seconds = lockoutSeconds(this.#options.maxFailures + claimed.level, this.#options);
          await this.#store.put(
            `lock:${username}`,
            { until: failedAt + seconds * 1000, level: claimed.level },
            { ttlSeconds: FAILURE_MEMORY_SECONDS },
          );
        },
        succeed: async () => {
          await Promise.all([giveBackAddress(), this.reset(username)]);
        },
      },
    };
  }

  /** The username's count starts again from zero and any lock ends (a success, a reset password). */
  async reset(username: string): Promise<void> {
    await Promise.all([this.#store.delete(`fail:${username}`), this.#store.delete(`lock:${username}`)]);
  }

  /**
   * Whether the attempt numbered `count` may check a password: `null` when it may and claims nothing,
   * the claimed lock record when its failure must (re)lock, `'refused'` otherwise.
   */
  async #claim(
    username: string,
    count: number,
    lock: LockRecord | null,
    nowMs: number,
  ): Promise<LockRecord | null | 'refused'> {
    if (lock && lock.until > nowMs) return 'refused';
    const max = this.#options.maxFailures;
    if (count < max) return null;
    const key = `lock:${username}`;
    if (count === max) {
      // The attempt that may reach the threshold: a failure locks at level 0.
      const record: LockRecord = { until: nowMs, level: 0, claimedAt: nowMs };
      await this.#store.put(key, record, { ttlSeconds: FAILURE_MEMORY_SECONDS });
      return record;
    }
    // Past the threshold: only once the lock has expired, and only for the one attempt that claims it.
    if (!lock) return 'refused';
    if (lock.claimedAt !== undefined && nowMs - lock.claimedAt < STALE_CLAIM_MS) return 'refused';
    // Taking over a dead claim keeps its level; claiming an expired lock doubles the next one.
    const level = lock.claimedAt === undefined ? lock.level + 1 : lock.level;
    const record: LockRecord = { until: lock.until, level, claimedAt: nowMs };
    try {
      await this.#store.put(key, record, { ifValueEquals: lock, ttlSeconds: FAILURE_MEMORY_SECONDS });
    } catch (error) {
      if (isConditionFailure(error)) return 'refused';
      throw error;
    }
    return record;
  }

  #window(nowMs: number): FixedWindow {
    return fixedWindow(nowMs, this.#options.addressWindowSeconds);
  }
}

function asLock(value: ThrottleValue | null): LockRecord | null {
  return value !== null && typeof value === 'object' ? value : null;
}
