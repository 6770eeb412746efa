import type { KVStore } from '@blockyard/kv-store';
import { isConditionFailure } from '../kv-conditions.js';

/** What a rolling-window record holds: the times (epoch ms) of the events still in the window. */
export interface RollingRecord {
  at: number[];
}

/** Outcome of {@link reserveInWindow}: a place (to give back on success), or the wait until one frees. */
export type WindowReservation =
  | { ok: true; giveBack: () => Promise<void> }
  | { ok: false; waitSeconds: number };

function liveTimes(value: unknown, since: number): number[] {
  const times = (value as RollingRecord | null)?.at;
  return Array.isArray(times) ? times.filter((t) => typeof t === 'number' && t > since) : [];
}

/**
 * Reserves one place in the rolling window `key` of `windowSeconds` holding at most `limit` events:
 * the record lists the times of the events of the last `windowSeconds`, and a reservation adds `nowMs`
 * with a compare-and-set (retried on conflict, so parallel reservations cannot pass the limit). A full
 * window refuses without recording anything, with the wait until its oldest event leaves it — so
 * refused attempts never extend it. The record expires `windowSeconds` after its last write.
 */
export async function reserveInWindow(
  store: KVStore<unknown>,
  key: string,
  limit: number,
  windowSeconds: number,
  nowMs: number,
): Promise<WindowReservation> {
  const windowMs = windowSeconds * 1000;
  for (;;) {
    const current = await store.get(key);
    const live = liveTimes(current, nowMs - windowMs);
    if (live.length >= limit) {
      return { ok: false, waitSeconds: (Math.min(...live) + windowMs - nowMs) / 1000 };
    }
    const next: RollingRecord = { at: [...live, nowMs] };
    if (await swap(store, key, current, next, windowSeconds)) {
      return { ok: true, giveBack: () => removeTime(store, key, nowMs, windowSeconds) };
    }
  }
}

async function removeTime(
  store: KVStore<unknown>,
  key: string,
  time: number,
  windowSeconds: number,
): Promise<void> {
  for (;;) {
    const current = await store.get(key);
    const times = liveTimes(current, Number.NEGATIVE_INFINITY);
    const index = times.indexOf(time);
    if (current === null || index < 0) return;
    times.splice(index, 1);
    if (await swap(store, key, current, { at: times }, windowSeconds)) return;
  }
}

// One compare-and-set write; `false` when another writer came first.
async function swap(
  store: KVStore<unknown>,
  key: string,
  current: unknown,
  next: RollingRecord,
  windowSeconds: number,
): Promise<boolean> {
  try {
    await store.put(
      key,
      next,
      current === null
        ? { ifNotExists: true, ttlSeconds: windowSeconds }
        : { ifValueEquals: current, ttlSeconds: windowSeconds },
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
