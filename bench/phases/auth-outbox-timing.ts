/**
 * @module bench/phases/auth-outbox-timing — answer time of code-sending actions for a real account vs
 * an unknown (or taken) one, with a `codeDelivery` that takes 150 ms (D-15): the durable outbox makes
 * the answer independent of delivery, so the medians must be within 10 ms of each other. Runs an
 * AuthBasic block in this process on a fresh SQLite file, alternating real and unknown calls.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuthBasic } from '@blockyard/auth-basic';
import { Scope } from '@blockyard/core';
import { openEngine } from '@blockyard/kv-store';
import type { BenchPhase } from '../lib/phase.js';
import { median } from '../lib/stats.js';

const DELIVERY_MS = 150;
const PASSWORD = 'correct-horse-42';

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** Real vs unknown answer times of `resetPassword` and `signUp` (budget: medians within 10 ms). */
export const authOutboxTiming: BenchPhase = {
  name: 'auth-outbox-timing',
  description: `resetPassword and signUp answer times, real vs unknown account, with a ${DELIVERY_MS} ms codeDelivery`,
  async run(context) {
    const dir = await mkdtemp(join(tmpdir(), 'blockyard-bench-outbox-'));
    const engine = await openEngine(`sqlite:${join(dir, 'blocks.db')}`);
    let delivered = 0;
    const auth = new AuthBasic(new Scope('outbox-bench'), 'auth', {
      engine,
      codeResendSeconds: 0,
      logger: {},
      codeDelivery: async () => {
        await new Promise((resolve) => setTimeout(resolve, DELIVERY_MS));
        delivered += 1;
      },
    });
    try {
      const samples = context.quick ? 15 : 60;
      for (let i = 0; i < samples; i++) await auth.admin.createUser(`real-${i}`, PASSWORD);
      await auth.resetPassword('warm-up');
      const reset = { real: [] as number[], unknown: [] as number[] };
      const signUp = { real: [] as number[], unknown: [] as number[] };
      for (let i = 0; i < samples; i++) {
        reset.real.push(await timed(() => auth.resetPassword(`real-${i}`)));
        reset.unknown.push(await timed(() => auth.resetPassword(`nobody-${i}`)));
        // A new name gets a code; a taken (confirmed) name is answered alike and gets none.
        signUp.real.push(await timed(() => auth.signUp(`fresh-${i}`, PASSWORD)));
        signUp.unknown.push(await timed(() => auth.signUp(`real-${i}`, PASSWORD)));
      }
      await auth.deliverPendingCodes();
      context.log(`  ${delivered} codes delivered after the answers (${2 * samples} expected)`);
      // What the outbox adds to an answer is its enqueue (one engine write). A real resetPassword
      // answer is little more than that (a user read, the resend gate, the enqueue), so its whole
      // median bounds the outbox's share of any answer, sign-up included.
      const bound = median(reset.real);
      context.record({
        metric: 'outbox share of an answer (≤ a real resetPassword)',
        value: bound,
        unit: 'ms',
        budget: { op: '<=', limit: 5 },
        note: `upper bound: the median real resetPassword answer (user read, resend gate, enqueue) on SQLite`,
      });
      for (const [action, times] of [
        ['resetPassword', reset],
        ['signUp', signUp],
      ] as const) {
        const real = median(times.real);
        const unknown = median(times.unknown);
        context.log(`  ${action}: median real ${real.toFixed(2)} ms, unknown/taken ${unknown.toFixed(2)} ms`);
        context.record({
          metric: `${action} |median real − median unknown|`,
          value: Math.abs(real - unknown),
          unit: 'ms',
          budget: { op: '<=', limit: 10 },
          note: `${samples} calls each, delivery ${DELIVERY_MS} ms; real ${real.toFixed(2)} ms, unknown ${unknown.toFixed(2)} ms`,
        });
      }
    } finally {
      await auth.deliverPendingCodes().catch(() => 0);
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
