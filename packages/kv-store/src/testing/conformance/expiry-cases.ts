import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConformanceContext, collect } from './context.js';

/** Conformance cases: expiry with the manual clock, and purging. */
export function registerExpiryCases(ctx: ConformanceContext): void {
  describe('expiry', () => {
    it('ttlSeconds: present until the instant, absent from it on', async () => {
      const s = ctx.store();
      await s.put('k', 'v', { ttlSeconds: 30 });
      ctx.clock.advance(29_999);
      assert.equal(await s.get('k'), 'v');
      ctx.clock.advance(1);
      assert.equal(await s.get('k'), null);
    });

    it('fractional ttlSeconds keep millisecond precision (rounded up)', async () => {
      const s = ctx.store();
      await s.put('k', 'v', { ttlSeconds: 0.0015 });
      ctx.clock.advance(1);
      assert.equal(await s.get('k'), 'v');
      ctx.clock.advance(1);
      assert.equal(await s.get('k'), null);
    });

    it('expiresAt accepts a Date and epoch seconds', async () => {
      const s = ctx.store();
      await s.put('date', 'v', { expiresAt: new Date(ctx.clock.time + 10_000) });
      await s.put('seconds', 'v', { expiresAt: (ctx.clock.time + 20_000) / 1000 });
      ctx.clock.advance(10_000);
      assert.equal(await s.get('date'), null);
      assert.equal(await s.get('seconds'), 'v');
      ctx.clock.advance(10_000);
      assert.equal(await s.get('seconds'), null);
    });

    it('an expiry in the past stores an already expired item', async () => {
      const s = ctx.store();
      await s.put('k', 'v', { expiresAt: new Date(ctx.clock.time - 1) });
      assert.equal(await s.get('k'), null);
    });

    it('a plain put clears an earlier expiry', async () => {
      const s = ctx.store();
      await s.put('k', 'v', { ttlSeconds: 1 });
      await s.put('k', 'w');
      ctx.clock.advance(60_000);
      assert.equal(await s.get('k'), 'w');
    });

    it('expired items are absent from take and scan, present with includeExpired', async () => {
      const s = ctx.store();
      await s.put('gone', 1, { ttlSeconds: 1 });
      await s.put('kept', 2);
      ctx.clock.advance(1000);
      assert.equal(await s.take('gone'), null);
      await s.put('gone2', 3, { ttlSeconds: 1 });
      ctx.clock.advance(1000);
      assert.deepEqual(
        (await collect(s.scan())).map((i) => i.key),
        ['kept'],
      );
      assert.deepEqual(
        (await collect(s.scan({ includeExpired: true }))).map((i) => i.key),
        ['gone2', 'kept'],
      );
    });

    it('purging deletes expired items in bounded batches and keeps live ones', async () => {
      const s = ctx.store();
      for (let i = 0; i < 5; i++) await s.put(`old${i}`, i, { ttlSeconds: 1 });
      await s.put('live', 'yes', { ttlSeconds: 3600 });
      await s.put('forever', 'yes');
      ctx.clock.advance(1000);
      const table = ctx.engine().table(s.tableName);
      assert.equal(await table.purgeExpired(3), 3);
      assert.equal(await table.purgeExpired(3), 2);
      assert.equal(await table.purgeExpired(3), 0);
      assert.deepEqual(
        (await collect(s.scan({ includeExpired: true }))).map((i) => i.key),
        ['forever', 'live'],
      );
    });

    it('purges in the background on an unref’d timer', async () => {
      const purging = await ctx.open({ purgeIntervalMs: 10 });
      const s = ctx.store(purging);
      await s.put('old', 1, { ttlSeconds: 1 });
      await s.put('live', 2);
      ctx.clock.advance(1000);
      const deadline = Date.now() + 5000;
      let keys: string[] = [];
      while (Date.now() < deadline) {
        keys = (await collect(s.scan({ includeExpired: true }))).map((i) => i.key);
        if (keys.length === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.deepEqual(keys, ['live']);
    });
  });
}
