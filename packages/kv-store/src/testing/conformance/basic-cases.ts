import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStore } from '../../kv-store.js';
import type { ConformanceContext } from './context.js';

/** Conformance cases: get, put, JSON round trips, store isolation and table naming. */
export function registerBasicCases(ctx: ConformanceContext): void {
  describe('get and put', () => {
    it('returns null for a missing key', async () => {
      assert.equal(await ctx.store().get('missing'), null);
    });

    it('round-trips JSON values and overwrites', async () => {
      const s = ctx.store();
      const values: unknown[] = [
        { nested: { list: [1, 'two', { three: 3 }], flag: true }, n: null },
        [1, 2, 3],
        'plain string with "quotes", \\ backslash, \u0000 NUL, é, 中文, 😀',
        0,
        -12.5,
        true,
        false,
        null,
        '',
      ];
      for (const [i, value] of values.entries()) {
        await s.put(`k${i}`, value);
        assert.deepEqual(await s.get(`k${i}`), value);
      }
      await s.put('k0', 'replaced');
      assert.equal(await s.get('k0'), 'replaced');
    });

    it('accepts unicode keys up to 1024 UTF-8 bytes', async () => {
      const s = ctx.store();
      const key = 'é'.repeat(512);
      await s.put(key, 1);
      await s.put('😀 key/with:odd"chars\'', 2);
      assert.equal(await s.get(key), 1);
      assert.equal(await s.get('😀 key/with:odd"chars\''), 2);
    });

    it('keeps stores apart', async () => {
      const a = ctx.store();
      const b = ctx.store();
      await a.put('same', 'a');
      await b.put('same', 'b');
      assert.equal(await a.get('same'), 'a');
      assert.equal(await b.get('same'), 'b');
    });

    it('names its table after fullId', () => {
      const s = new KVStore(new Scope('my-app', { parent: {} }), 'users', { engine: ctx.engine() });
      assert.equal(s.fullId, 'my-app-users');
      assert.equal(s.tableName, 'kv_my-app-users');
    });
  });
}
