import assert from 'node:assert/strict';
import type { EngineOptions, KvEngine } from '../../engine.js';
import type { KVStore } from '../../kv-store.js';

/** A clock the suite moves by hand; engines read it through `now`. */
export class ManualClock {
  time = Date.UTC(2030, 0, 1);
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** What the case groups get from the suite runner. */
export interface ConformanceContext {
  readonly clock: ManualClock;
  /** Engines from separate `open` calls share storage (separate connections, like processes). */
  readonly sharedStorage: boolean;
  /** The engine most cases use (opened before the cases run). */
  engine(): KvEngine;
  /** Opens another engine on the suite clock; closed at the end of the suite. */
  open(options?: EngineOptions): Promise<KvEngine>;
  /** A store with a fresh id (or `id`) under the run's random scope. */
  store<V = unknown>(on?: KvEngine, id?: string): KVStore<V>;
  /** A number unique within the run, for ids. */
  nextNumber(): number;
}

/** An `assert.rejects` validator that checks the error's `name`. */
export function isNamed(name: string) {
  return (error: unknown): true => {
    const e = error as Error;
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    return true;
  };
}

/** Everything a scan yields. */
export async function collect<V>(items: AsyncIterable<{ key: string; value: V }>) {
  const out: { key: string; value: V }[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Waits for every task; returns the values and the errors apart. */
export async function settleAll<T>(tasks: Promise<T>[]) {
  const results = await Promise.allSettled(tasks);
  const fulfilled = results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled');
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  return { fulfilled: fulfilled.map((r) => r.value), rejected: rejected.map((r) => r.reason as Error) };
}
