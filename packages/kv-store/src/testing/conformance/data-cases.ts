import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KvRow } from '../../engine.js';
import { hasEngineData, type KvEngineData } from '../../engine-data.js';
import type { ConformanceContext } from './context.js';

async function rowsOf(rows: AsyncIterable<KvRow>): Promise<KvRow[]> {
  const out: KvRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/**
 * Conformance cases of the whole-engine access ({@link KvEngineData}) backup, restore, migrate and
 * import stand on: listing tables, bulk writes that keep expiries, and snapshot reads.
 */
export function registerDataCases(ctx: ConformanceContext, isolatedSnapshots: boolean): void {
  describe('whole-engine data access', () => {
    const data = () => {
      const engine = ctx.engine();
      assert.ok(hasEngineData(engine), `${engine.kind} offers listTables, readSnapshot and writeRows`);
      return engine as typeof engine & KvEngineData;
    };

    it('lists the tables that hold items, also ones this connection never opened', async () => {
      const a = ctx.store();
      const b = ctx.store();
      const emptied = ctx.store();
      await a.put('k', 1);
      await b.put('k', 2, { ttlSeconds: 60 });
      await emptied.put('k', 3);
      await emptied.delete('k');
      const listed = await data().listTables();
      assert.ok(listed.includes(a.tableName) && listed.includes(b.tableName), 'both tables listed');
      assert.ok(!listed.includes(emptied.tableName), 'a table without items is not listed');
      if (ctx.sharedStorage) {
        const other = await ctx.open();
        assert.ok(hasEngineData(other));
        const seen = await other.listTables();
        assert.ok(seen.includes(a.tableName), 'another connection lists it too');
      }
      const sorted = [...listed].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      assert.deepEqual(listed, sorted, 'in UTF-8 byte order');
    });

    it('writes rows in bulk, keeping values, expiries and replacing existing keys', async () => {
      const s = ctx.store();
      await s.put('b', 'old');
      const now = ctx.clock.now();
      const rows: KvRow[] = Array.from({ length: 130 }, (_, i) => ({
        key: `k${String(i).padStart(3, '0')}`,
        value: JSON.stringify({ i }),
        expiresAt: i % 2 === 0 ? null : now + 60_000 + i,
      }));
      rows.push({ key: 'b', value: '"new"', expiresAt: null });
      rows.push({ key: 'gone', value: '1', expiresAt: now - 1 });
      await data().writeRows(s.tableName, rows);
      await data().writeRows(s.tableName, rows);
      assert.equal(await s.get('b'), 'new');
      assert.deepEqual(await s.get('k001'), { i: 1 });
      assert.equal(await s.get('gone'), null, 'an expired row is written expired');
      const table = ctx.engine().table(s.tableName);
      const stored = await rowsOf(table.scan({ includeExpired: true }));
      assert.equal(stored.length, 132);
      assert.deepEqual(
        stored.find((row) => row.key === 'k003'),
        { key: 'k003', value: '{"i":3}', expiresAt: now + 60_003 },
      );
      assert.equal(await s.increment('k000', 1).catch((e: Error) => e.name), 'ValidationFailedException');
    });

    it('reads every table with expiries through a snapshot', async () => {
      const s = ctx.store();
      const now = ctx.clock.now();
      await s.put('live', 'a', { expiresAt: Math.ceil((now + 120_000) / 1000) });
      await s.put('forever', 'b');
      await s.put('stale', 'c', { ttlSeconds: 1 });
      ctx.clock.advance(2000);
      const seen = await data().readSnapshot(async (snapshot) => {
        assert.ok((await snapshot.tables()).includes(s.tableName));
        return {
          live: await rowsOf(snapshot.scan(s.tableName)),
          all: await rowsOf(snapshot.scan(s.tableName, { includeExpired: true, startAfter: 'a' })),
        };
      });
      assert.deepEqual(
        seen.live.map((row) => [row.key, row.value]),
        [
          ['forever', '"b"'],
          ['live', '"a"'],
        ],
      );
      assert.equal(seen.live[1]?.expiresAt, Math.ceil((now + 120_000) / 1000) * 1000);
      assert.deepEqual(
        seen.all.map((row) => row.key),
        ['forever', 'live', 'stale'],
      );
    });

    it('a snapshot does not see writes made after it began', {
      skip: isolatedSnapshots ? false : 'this engine has no multi-item snapshot',
    }, async () => {
      const s = ctx.store();
      for (let i = 0; i < 150; i++) await s.put(`k${String(i).padStart(3, '0')}`, i);
      const writer = ctx.sharedStorage ? await ctx.open() : ctx.engine();
      const keys = await data().readSnapshot(async (snapshot) => {
        const seen: string[] = [];
        for await (const row of snapshot.scan(s.tableName)) {
          if (seen.length === 0) {
            await writer.table(s.tableName).put('k000a', '1', null);
            await writer.table(s.tableName).delete('k149');
          }
          seen.push(row.key);
        }
        return seen;
      });
      assert.equal(keys.length, 150);
      assert.ok(!keys.includes('k000a') && keys.includes('k149'));
    });
  });
}
