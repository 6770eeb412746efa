import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConformanceContext, collect } from './context.js';

/** Conformance cases: ordering, prefixes and paging of `scan`. */
export function registerScanCases(ctx: ConformanceContext): void {
  describe('scan', () => {
    it('yields nothing for an empty store', async () => {
      assert.deepEqual(await collect(ctx.store().scan()), []);
    });

    it('yields every live item in UTF-8 byte order', async () => {
      const s = ctx.store();
      const keys = ['b', 'a', 'é', '中', '\uFFFD', '😀', 'A', 'a/b', 'aa'];
      for (const key of keys) await s.put(key, key.length);
      const items = await collect(s.scan());
      assert.deepEqual(
        items.map((i) => i.key),
        ['A', 'a', 'a/b', 'aa', 'b', 'é', '中', '\uFFFD', '😀'],
      );
      assert.deepEqual(items[0], { key: 'A', value: 1 });
    });

    it('filters by prefix exactly', async () => {
      const s = ctx.store();
      for (const key of [
        'use',
        'user:1',
        'user:2',
        'user;x',
        'userz',
        'user:',
        'usé',
        'usê',
        'us😀',
        'us😁',
      ]) {
        await s.put(key, key);
      }
      const keysOf = async (prefix: string) => (await collect(s.scan({ prefix }))).map((i) => i.key);
      assert.deepEqual(await keysOf('user:'), ['user:', 'user:1', 'user:2']);
      assert.deepEqual(await keysOf('usé'), ['usé']);
      assert.deepEqual(await keysOf('us😀'), ['us😀']);
      assert.deepEqual(await keysOf('nothing'), []);
      assert.equal((await keysOf('')).length, 10);
    });

    it('reads many pages, each item once', async () => {
      const s = ctx.store();
      const keys = Array.from({ length: 250 }, (_, i) => `item:${String(i).padStart(3, '0')}`);
      await Promise.all(keys.map((key, i) => s.put(key, i)));
      await s.put('other', 'x');
      const items = await collect(s.scan({ prefix: 'item:' }));
      assert.deepEqual(
        items.map((i) => i.key),
        keys,
      );
      assert.equal(items[249]?.value, 249);
    });
  });
}
