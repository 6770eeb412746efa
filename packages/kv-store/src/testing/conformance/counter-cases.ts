import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KVStoreErrors } from '../../errors.js';
import { type ConformanceContext, isNamed } from './context.js';

/** Conformance cases: `increment` and `take`. */
export function registerCounterCases(ctx: ConformanceContext): void {
  describe('increment', () => {
    it('starts a new counter from 0 and adds integers', async () => {
      const s = ctx.store();
      assert.equal(await s.increment('n'), 1);
      assert.equal(await s.increment('n', 5), 6);
      assert.equal(await s.increment('n', -2), 4);
      assert.equal(await s.increment('n', 0), 4);
      assert.equal(await s.get('n'), 4);
      await s.put('m', 10);
      assert.equal(await s.increment('m', 1), 11);
    });

    it('gives a new counter the ttl and keeps it on later increments', async () => {
      const s = ctx.store();
      assert.equal(await s.increment('n', 1, { ttlSeconds: 60 }), 1);
      ctx.clock.advance(30_000);
      assert.equal(await s.increment('n', 1, { ttlSeconds: 60 }), 2);
      assert.equal(await s.increment('n'), 3);
      ctx.clock.advance(30_000);
      assert.equal(await s.get('n'), null, 'expiry stayed at the first increment + 60 s');
      assert.equal(await s.increment('n', 1, { ttlSeconds: 60 }), 1, 'an expired counter restarts from 0');
      ctx.clock.advance(59_999);
      assert.equal(await s.get('n'), 1);
    });

    it('restarts an expired item whatever it held', async () => {
      const s = ctx.store();
      await s.put('n', 'not a number', { ttlSeconds: 1 });
      ctx.clock.advance(1000);
      assert.equal(await s.increment('n', 7), 7);
    });

    it('refuses a live non-integer item and leaves it unchanged', async () => {
      const s = ctx.store();
      for (const value of ['text', '12', 1.5, { n: 1 }, null, true]) {
        await s.put('n', value);
        await assert.rejects(s.increment('n'), isNamed(KVStoreErrors.ValidationFailed));
        assert.deepEqual(await s.get('n'), value);
      }
    });

    it('refuses a non-integer step and a sum outside the safe integer range', async () => {
      const s = ctx.store();
      for (const by of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1' as unknown as number]) {
        await assert.rejects(s.increment('n', by), isNamed(KVStoreErrors.ValidationFailed));
      }
      assert.equal(await s.get('n'), null);
      await s.put('n', Number.MAX_SAFE_INTEGER);
      await assert.rejects(s.increment('n'), isNamed(KVStoreErrors.ValidationFailed));
      assert.equal(await s.get('n'), Number.MAX_SAFE_INTEGER);
      assert.equal(await s.increment('n', -1), Number.MAX_SAFE_INTEGER - 1);
    });
  });

  describe('take', () => {
    it('returns the value once and removes it', async () => {
      const s = ctx.store();
      await s.put('k', { token: 'abc' });
      assert.deepEqual(await s.take('k'), { token: 'abc' });
      assert.equal(await s.take('k'), null);
      assert.equal(await s.get('k'), null);
      assert.equal(await s.take('never'), null);
    });
  });
}
