import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import { Scope } from '@blockyard/core';
import type { EngineOptions, KvEngine } from '../engine.js';
import { KVStore } from '../kv-store.js';
import { registerBasicCases } from './conformance/basic-cases.js';
import { registerConcurrencyCases } from './conformance/concurrency-cases.js';
import { registerConditionCases } from './conformance/condition-cases.js';
import { type ConformanceContext, ManualClock } from './conformance/context.js';
import { registerCounterCases } from './conformance/counter-cases.js';
import { registerDataCases } from './conformance/data-cases.js';
import { registerExpiryCases } from './conformance/expiry-cases.js';
import { registerInputCases } from './conformance/input-cases.js';
import { registerScanCases } from './conformance/scan-cases.js';

/** An engine under test. */
export interface KvConformanceTarget {
  /** Shown in test names: `memory`, `sqlite`, `postgres`. */
  name: string;
  /**
   * Opens a new engine with these options. When `sharedStorage` is set, engines from separate calls
   * MUST be separate connections (or pools) to the same storage, like two processes.
   */
  open(options: EngineOptions): Promise<KvEngine>;
  /** Engines from separate `open` calls see the same data: run the cross-connection cases too. */
  sharedStorage?: boolean;
  /** Skip the whole suite, with this reason. */
  skip?: string;
  /** Whether the engine's `readSnapshot` is isolated from later writes; default true. */
  isolatedSnapshots?: boolean;
  /** Called once at the end with every table the suite used (drop them). */
  cleanup?(tables: string[]): Promise<void>;
}

/**
 * The KVStore engine conformance suite: every engine runs exactly these cases, with time moved by a
 * manual clock; a skipped engine says why. Each run uses its own scope (a random id), so parallel runs
 * against one database do not collide.
 */
export function runKvConformance(target: KvConformanceTarget): void {
  describe(`KVStore conformance: ${target.name}`, { skip: target.skip ?? false }, () => {
    const clock = new ManualClock();
    const root = new Scope(`conf-${target.name}-${randomBytes(4).toString('hex')}`, { parent: {} });
    const tables = new Set<string>();
    const engines: KvEngine[] = [];
    let main: KvEngine | undefined;
    let counter = 0;

    const ctx: ConformanceContext = {
      clock,
      sharedStorage: target.sharedStorage === true,
      engine: () => {
        if (!main) throw new Error('the conformance engine is not open yet');
        return main;
      },
      open: async (options = {}) => {
        const opened = await target.open({ now: clock.now, purgeIntervalMs: 0, ...options });
        engines.push(opened);
        return opened;
      },
      store: <V = unknown>(on?: KvEngine, id?: string) => {
        const created = new KVStore<V>(root, id ?? `s${++counter}`, { engine: on ?? ctx.engine() });
        tables.add(created.tableName);
        return created;
      },
      nextNumber: () => ++counter,
    };

    before(async () => {
      main = await ctx.open();
    });
    after(async () => {
      try {
        await target.cleanup?.([...tables]);
      } finally {
        await Promise.all(engines.map((e) => e.close()));
      }
    });

    registerBasicCases(ctx);
    registerConditionCases(ctx);
    registerExpiryCases(ctx);
    registerCounterCases(ctx);
    registerScanCases(ctx);
    registerInputCases(ctx);
    registerConcurrencyCases(ctx);
    registerDataCases(ctx, target.isolatedSnapshots !== false);
  });
}
