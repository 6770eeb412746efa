import type { KVStore } from '@blockyard/kv-store';
import { isConditionFailure } from '../kv-conditions.js';
import type { CodePurpose } from './code-hmac.js';

/** What the gate stores: when the next delivery may happen (epoch ms). */
export interface GateRecord {
  until: number;
}

/** Outcome of {@link ResendGate.acquire}: a release token, or how long to wait. */
export type GateResult = { open: true; release: () => Promise<void> } | { open: false; waitSeconds: number };

/**
 * Spaces out code deliveries for one purpose and username (D-14): after a delivery, the next one
 * waits `seconds`. Passing the gate is a conditional write (`ifNotExists`, or compare-and-set on an
 * elapsed record), so of concurrent requests exactly one delivers. The gate applies whether or not
 * the account exists, so its answers reveal nothing about existence.
 */
export class ResendGate {
  readonly #store: KVStore<GateRecord>;
  readonly #seconds: number;

  constructor(store: KVStore<GateRecord>, seconds: number) {
    this.#store = store;
    this.#seconds = seconds;
  }

  /** Opens the gate at once (e.g. once an account is confirmed, its sign-up codes are history). */
  async clear(purpose: CodePurpose, username: string): Promise<void> {
    await this.#store.delete(`resend:${purpose}:${username}`);
  }

  /** Tries to pass the gate now; on success the caller may deliver, and `release()` undoes the pass. */
  async acquire(purpose: CodePurpose, username: string, nowMs: number): Promise<GateResult> {
    if (this.#seconds <= 0) return { open: true, release: async () => {} };
    const key = `resend:${purpose}:${username}`;
    const existing = await this.#store.get(key);
    if (existing && existing.until > nowMs)
      return { open: false, waitSeconds: (existing.until - nowMs) / 1000 };
    const record: GateRecord = { until: nowMs + this.#seconds * 1000 };
    try {
      await this.#store.put(
        key,
        record,
        existing
          ? { ifValueEquals: existing, ttlSeconds: this.#seconds }
          : { ifNotExists: true, ttlSeconds: this.#seconds },
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { open: false, waitSeconds: this.#seconds };
    }
    return {
      open: true,
      release: async () => {
        try {
          await this.#store.delete(key, { ifValueEquals: record });
        } catch {
          // Someone passed the gate since; leave their record.
        }
      },
    };
  }
}
