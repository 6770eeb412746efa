import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KVStoreErrors } from '../../errors.js';
import { type ConformanceContext, collect, isNamed } from './context.js';

/** Conformance cases: ordering, prefixes, start keys and paging of `scan`. */
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

    it('startAfter resumes strictly after the given key, in UTF-8 byte order', async () => {
      const s = ctx.store();
      const keys = ['a', 'aa', 'b', 'é', '中', '\uFFFD', '😀'];
      for (const key of keys) await s.put(key, key);
      const after = async (startAfter: string) => (await collect(s.scan({ startAfter }))).map((i) => i.key);
      assert.deepEqual(await after('a'), ['aa', 'b', 'é', '中', '\uFFFD', '😀'], 'an existing key');
      assert.deepEqual(await after('ab'), ['b', 'é', '中', '\uFFFD', '😀'], 'a key between two');
      assert.deepEqual(await after(''), keys, 'the empty string is no bound');
      // UTF-16 order would put 😀 (a surrogate pair) before U+FFFD; byte order puts it after.
      assert.deepEqual(await after('\uFFFD'), ['😀']);
      assert.deepEqual(await after('😀'), []);
      assert.deepEqual(await after('zzz'), ['é', '中', '\uFFFD', '😀']);
    });

    it('startAfter combines with prefix, below, inside and above the prefix range', async () => {
      const s = ctx.store();
      for (const key of ['u', 'user:1', 'user:2', 'user:3', 'userz', 'v']) await s.put(key, key);
      const keysOf = async (prefix: string, startAfter: string) =>
        (await collect(s.scan({ prefix, startAfter }))).map((i) => i.key);
      assert.deepEqual(await keysOf('user:', 'a'), ['user:1', 'user:2', 'user:3']);
      assert.deepEqual(await keysOf('user:', 'user:'), ['user:1', 'user:2', 'user:3']);
      assert.deepEqual(await keysOf('user:', 'user:1'), ['user:2', 'user:3']);
      assert.deepEqual(await keysOf('user:', 'user:10'), ['user:2', 'user:3']);
      assert.deepEqual(await keysOf('user:', 'user:3'), []);
      assert.deepEqual(await keysOf('user:', 'userz'), []);
    });

    it('startAfter pages through many items with no gap and no repeat', async () => {
      const s = ctx.store();
      const keys = Array.from({ length: 230 }, (_, i) => `p:${String(i).padStart(3, '0')}`);
      await Promise.all(keys.map((key, i) => s.put(key, i)));
      const seen: string[] = [];
      let startAfter = '';
      for (let page = 0; page < 10; page++) {
        const batch: string[] = [];
        for await (const item of s.scan({ prefix: 'p:', startAfter })) {
          batch.push(item.key);
          if (batch.length === 70) break;
        }
        if (batch.length === 0) break;
        seen.push(...batch);
        startAfter = batch.at(-1) as string;
      }
      assert.deepEqual(seen, keys);
      const tail = await collect(s.scan({ startAfter: 'p:099' }));
      assert.equal(tail.length, 130, 'a start key on a page boundary');
      assert.deepEqual(tail[0], { key: 'p:100', value: 100 });
    });

    it('startAfter skips expired items like every scan, and yields them with includeExpired', async () => {
      const s = ctx.store();
      await s.put('k1', 1);
      await s.put('k2', 2, { ttlSeconds: 1 });
      await s.put('k3', 3);
      ctx.clock.advance(1000);
      const keysOf = async (includeExpired: boolean) =>
        (await collect(s.scan({ startAfter: 'k1', includeExpired }))).map((i) => i.key);
      assert.deepEqual(await keysOf(false), ['k3']);
      assert.deepEqual(await keysOf(true), ['k2', 'k3']);
    });

    it('refuses a prefix no key could have, before reaching the engine', async () => {
      const s = ctx.store();
      await s.put('k', 1);
      for (const bad of [5, null, 'a\u0000', '\uDC00x', 'x'.repeat(1025)]) {
        await assert.rejects(
          collect(s.scan({ prefix: bad as string })),
          isNamed(KVStoreErrors.ValidationFailed),
        );
      }
    });

    it('refuses a start key that is not a string or not a valid key', async () => {
      const s = ctx.store();
      await s.put('k', 1);
      for (const bad of [5, null, {}, 'a\u0000b', '\uD800', 'x'.repeat(1025)]) {
        await assert.rejects(
          collect(s.scan({ startAfter: bad as string })),
          isNamed(KVStoreErrors.ValidationFailed),
        );
      }
    });
  });
}
