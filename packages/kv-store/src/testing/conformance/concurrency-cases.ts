import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KVStoreErrors } from '../../errors.js';
import { type ConformanceContext, collect, settleAll } from './context.js';

/** Conformance cases: atomicity under concurrent calls, within and across connections. */
export function registerConcurrencyCases(ctx: ConformanceContext): void {
  describe('concurrency', () => {
    it('50 concurrent ifNotExists puts of one key: exactly one wins', async () => {
      const s = ctx.store();
      const { fulfilled, rejected } = await settleAll(
        Array.from({ length: 50 }, (_, i) => s.put('k', i, { ifNotExists: true }).then(() => i)),
      );
      assert.equal(fulfilled.length, 1);
      assert.equal(rejected.length, 49);
      for (const error of rejected) assert.equal(error.name, KVStoreErrors.ConditionalCheckFailed);
      assert.equal(await s.get('k'), fulfilled[0]);
    });

    it('50 concurrent increments lose nothing', async () => {
      const s = ctx.store();
      const results = await Promise.all(Array.from({ length: 50 }, () => s.increment('n')));
      assert.equal(await s.get('n'), 50);
      assert.deepEqual(
        [...results].sort((a, b) => a - b),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
    });

    it('20 concurrent takes: exactly one gets the value', async () => {
      const s = ctx.store();
      await s.put('k', 'once');
      const results = await Promise.all(Array.from({ length: 20 }, () => s.take('k')));
      assert.deepEqual(
        results.filter((r) => r !== null),
        ['once'],
      );
    });

    it('compare-and-set loops from 10 workers add up exactly', async () => {
      const s = ctx.store<number>();
      await s.put('n', 0);
      const worker = async () => {
        for (let done = 0; done < 5; ) {
          const current = (await s.get('n')) as number;
          try {
            await s.put('n', current + 1, { ifValueEquals: current });
            done++;
          } catch (error) {
            if ((error as Error).name !== KVStoreErrors.ConditionalCheckFailed) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: 10 }, worker));
      assert.equal(await s.get('n'), 50);
    });
  });

  describe('separate connections to the same storage', {
    skip: ctx.sharedStorage ? false : 'engine storage is per connection',
  }, () => {
    it('see each other’s writes and keep every guarantee across connections', async () => {
      const other = await ctx.open();
      const id = `shared${ctx.nextNumber()}`;
      const a = ctx.store(ctx.engine(), id);
      const b = ctx.store(other, id);
      await a.put('hello', 'from a');
      assert.equal(await b.get('hello'), 'from a');

      const puts = await settleAll(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).put('race', i, { ifNotExists: true })),
      );
      assert.equal(puts.fulfilled.length, 1);

      await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).increment('count')));
      assert.equal(await a.get('count'), 50);

      await a.put('once', 'token');
      const takes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take('once')));
      assert.equal(takes.filter((r) => r !== null).length, 1);
    });

    it('a value read before is read again once another connection changes it', async () => {
      const other = await ctx.open();
      const id = `reread${ctx.nextNumber()}`;
      const a = ctx.store(ctx.engine(), id);
      const b = ctx.store(other, id);
      await a.put('seen', 1);
      assert.equal(await a.get('seen'), 1);
      assert.equal(await a.get('seen'), 1);
      await b.put('seen', 2);
      assert.equal(await a.get('seen'), 2);
      await b.delete('seen');
      assert.equal(await a.get('seen'), null);
      await b.put('seen', 3, { ttlSeconds: 10 });
      assert.equal(await a.get('seen'), 3);
      assert.equal(await a.get('seen'), 3);
      ctx.clock.advance(10_000);
      assert.equal(await a.get('seen'), null, 'expired while held');
      await a.put('seen', 4);
      assert.equal(await b.get('seen'), 4);
      assert.equal(await a.get('seen'), 4);
    });

    it('create the same table at once without failing', async () => {
      const engines = await Promise.all([ctx.open(), ctx.open(), ctx.open()]);
      const id = `created-together${ctx.nextNumber()}`;
      const stores = engines.map((e) => ctx.store(e, id));
      await Promise.all(stores.map((s, i) => s.put(`k${i}`, i)));
      assert.equal((await collect(stores[0]!.scan())).length, 3);
    });
  });
}
