import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KVStoreErrors } from '../../errors.js';
import { type ConformanceContext, isNamed } from './context.js';

/** Conformance cases: conditional puts and deletes. */
export function registerConditionCases(ctx: ConformanceContext): void {
  describe('conditional writes', () => {
    it('ifNotExists writes once, then fails with ConditionalCheckFailedException', async () => {
      const s = ctx.store();
      await s.put('k', 'first', { ifNotExists: true });
      await assert.rejects(
        s.put('k', 'second', { ifNotExists: true }),
        (error: Error & Record<string, unknown>) => {
          assert.equal(error.name, KVStoreErrors.ConditionalCheckFailed);
          assert.equal(error.message, 'The conditional request failed');
          assert.equal(String(error), 'ConditionalCheckFailedException: The conditional request failed');
          assert.equal(error.status, 409);
          assert.equal(error.retriable, false);
          return true;
        },
      );
      assert.equal(await s.get('k'), 'first');
    });

    it('ifNotExists replaces an expired item', async () => {
      const s = ctx.store();
      await s.put('k', 'old', { ttlSeconds: 1 });
      ctx.clock.advance(1000);
      await s.put('k', 'new', { ifNotExists: true });
      assert.equal(await s.get('k'), 'new');
      ctx.clock.advance(10_000);
      assert.equal(await s.get('k'), 'new', 'the new item has no expiry');
    });

    it('ifValueEquals compares serialised values', async () => {
      const s = ctx.store();
      await s.put('k', { a: 1 });
      await s.put('k', { a: 2 }, { ifValueEquals: { a: 1 } });
      assert.deepEqual(await s.get('k'), { a: 2 });
      await assert.rejects(
        s.put('k', { a: 3 }, { ifValueEquals: { a: 1 } }),
        (error: Error & { retriable?: boolean }) => {
          assert.equal(error.name, KVStoreErrors.ConditionalCheckFailed);
          assert.equal(error.retriable, true);
          return true;
        },
      );
      await assert.rejects(
        s.put('absent', 1, { ifValueEquals: 0 }),
        isNamed(KVStoreErrors.ConditionalCheckFailed),
      );
      assert.equal(await s.get('absent'), null);
      assert.deepEqual(await s.get('k'), { a: 2 });
    });

    it('ifValueEquals fails on an expired item', async () => {
      const s = ctx.store();
      await s.put('k', 'v', { ttlSeconds: 5 });
      ctx.clock.advance(5000);
      await assert.rejects(
        s.put('k', 'w', { ifValueEquals: 'v' }),
        isNamed(KVStoreErrors.ConditionalCheckFailed),
      );
      assert.equal(await s.get('k'), null);
    });

    it('delete is quiet on a missing key; ifExists and ifValueEquals are checked', async () => {
      const s = ctx.store();
      await s.delete('missing');
      await assert.rejects(
        s.delete('missing', { ifExists: true }),
        isNamed(KVStoreErrors.ConditionalCheckFailed),
      );
      await s.put('k', 'v');
      await assert.rejects(
        s.delete('k', { ifValueEquals: 'other' }),
        isNamed(KVStoreErrors.ConditionalCheckFailed),
      );
      assert.equal(await s.get('k'), 'v');
      await s.delete('k', { ifValueEquals: 'v' });
      assert.equal(await s.get('k'), null);
      await s.put('k', 'v');
      await s.delete('k', { ifExists: true });
      assert.equal(await s.get('k'), null);
      await s.put('k', 'v');
      await s.delete('k');
      assert.equal(await s.get('k'), null);
    });

    it('delete ifExists fails on an expired item', async () => {
      const s = ctx.store();
      await s.put('k', 'v', { ttlSeconds: 1 });
      ctx.clock.advance(1000);
      await assert.rejects(s.delete('k', { ifExists: true }), isNamed(KVStoreErrors.ConditionalCheckFailed));
    });
  });
}
