import type { KVStore } from '@blockyard/kv-store';
import type { Reservation } from './sign-in-throttle.js';

/**
 * The per-device bound of sign-ins that pass a username lock with a device cookie (D-14, OWASP's
 * device cookies): `device-fail:<did>` in the `throttle` store counts the password checks made with
 * the cookie `did`; each check reserves its place first (an atomic increment, so parallel requests
 * cannot pass the bound), a failure keeps it, a success gives it back. Past `maxFailures` the cookie is
 * void: it no longer opens a lock. The counter expires with the cookie.
 */
export class DeviceLockout {
  readonly #store: KVStore<unknown>;
  readonly #maxFailures: number;

  constructor(store: KVStore<unknown>, maxFailures: number) {
    this.#store = store;
    this.#maxFailures = maxFailures;
  }

  /**
   * Reserves one password check with the device cookie `did` (valid until `expSeconds`, epoch
   * seconds), or `null` when the cookie is void.
   */
  async reserve(did: string, expSeconds: number, nowMs: number): Promise<Reservation | null> {
    const key = `device-fail:${did}`;
    const ttlSeconds = Math.max(1, Math.ceil(expSeconds - nowMs / 1000));
    const used = await this.#store.increment(key, 1, { ttlSeconds });
    if (used > this.#maxFailures) return null;
    return {
      fail: async () => {},
      succeed: async () => {
        await this.#store.increment(key, -1);
      },
    };
  }
}
