import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import type { EngineOptions, KvEngine } from '../engine.js';
import { KVStoreErrors } from '../errors.js';
import { KVStore } from '../kv-store.js';

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
  /** Called once at the end with every table the suite used (drop them). */
  cleanup?(tables: string[]): Promise<void>;
}

const START = Date.UTC(2030, 0, 1);

/** A clock the suite moves by hand; engines read it through `now`. */
class ManualClock {
  time = START;
  readonly now = () => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

function isNamed(name: string) {
  return (error: unknown) => {
    assert.equal(
      (error as Error).name,
      name,
      `expected ${name}, got ${(error as Error).name}: ${(error as Error).message}`,
    );
    return true;
  };
}

async function collect<V>(items: AsyncIterable<{ key: string; value: V }>) {
  const out: { key: string; value: V }[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function settleAll<T>(tasks: Promise<T>[]) {
  const results = await Promise.allSettled(tasks);
  const fulfilled = results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled');
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  return { fulfilled: fulfilled.map((r) => r.value), rejected: rejected.map((r) => r.reason as Error) };
}

/**
 * The KVStore engine conformance suite. Every engine runs exactly these cases; a skipped engine says
 * why. Each run uses its own scope (a random id), so parallel runs against one database do not collide.
 */
export function runKvConformance(target: KvConformanceTarget): void {
  describe(`KVStore conformance: ${target.name}`, { skip: target.skip ?? false }, () => {
    const clock = new ManualClock();
    const root = new Scope(`conf-${target.name}-${randomBytes(4).toString('hex')}`, { parent: {} });
    const tables = new Set<string>();
    const engines: KvEngine[] = [];
    let engine: KvEngine;
    let storeCount = 0;

    const open = async (options: EngineOptions = {}) => {
      const opened = await target.open({ now: clock.now, purgeIntervalMs: 0, ...options });
      engines.push(opened);
      return opened;
    };
    const store = <V = unknown>(on: KvEngine = engine, id = `s${++storeCount}`) => {
      const created = new KVStore<V>(root, id, { engine: on });
      tables.add(created.tableName);
      return created;
    };

    before(async () => {
      engine = await open();
    });
    after(async () => {
      if (target.cleanup) await target.cleanup([...tables]);
      await Promise.all(engines.map((e) => e.close()));
    });

    describe('get and put', () => {
      it('returns null for a missing key', async () => {
        assert.equal(await store().get('missing'), null);
      });

      it('round-trips JSON values and overwrites', async () => {
        const s = store();
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
        const s = store();
        const key = 'é'.repeat(512);
        await s.put(key, 1);
        await s.put('😀 key/with:odd"chars\'', 2);
        assert.equal(await s.get(key), 1);
        assert.equal(await s.get('😀 key/with:odd"chars\''), 2);
      });

      it('keeps stores apart', async () => {
        const a = store();
        const b = store();
        await a.put('same', 'a');
        await b.put('same', 'b');
        assert.equal(await a.get('same'), 'a');
        assert.equal(await b.get('same'), 'b');
      });

      it('names its table after fullId', () => {
        const s = new KVStore(new Scope('my-app', { parent: {} }), 'users', { engine });
        assert.equal(s.fullId, 'my-app-users');
        assert.equal(s.tableName, 'kv_my-app-users');
      });
    });

    describe('conditional writes', () => {
      it('ifNotExists writes once, then fails with ConditionalCheckFailedException', async () => {
        const s = store();
        await s.put('k', 'first', { ifNotExists: true });
        await assert.rejects(
          s.put('k', 'second', { ifNotExists: true }),
          (error: Error & Record<string, unknown>) => {
            assert.equal(error.name, KVStoreErrors.ConditionalCheckFailed);
            assert.equal(error.message, 'ConditionalCheckFailedException: The conditional request failed');
            assert.equal(error.status, 409);
            assert.equal(error.retriable, false);
            return true;
          },
        );
        assert.equal(await s.get('k'), 'first');
      });

      it('ifNotExists replaces an expired item', async () => {
        const s = store();
        await s.put('k', 'old', { ttlSeconds: 1 });
        clock.advance(1000);
        await s.put('k', 'new', { ifNotExists: true });
        assert.equal(await s.get('k'), 'new');
        clock.advance(10_000);
        assert.equal(await s.get('k'), 'new', 'the new item has no expiry');
      });

      it('ifValueEquals compares serialised values', async () => {
        const s = store();
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
        const s = store();
        await s.put('k', 'v', { ttlSeconds: 5 });
        clock.advance(5000);
        await assert.rejects(
          s.put('k', 'w', { ifValueEquals: 'v' }),
          isNamed(KVStoreErrors.ConditionalCheckFailed),
        );
        assert.equal(await s.get('k'), null);
      });

      it('delete is quiet on a missing key; ifExists and ifValueEquals are checked', async () => {
        const s = store();
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
        const s = store();
        await s.put('k', 'v', { ttlSeconds: 1 });
        clock.advance(1000);
        await assert.rejects(
          s.delete('k', { ifExists: true }),
          isNamed(KVStoreErrors.ConditionalCheckFailed),
        );
      });
    });

    describe('expiry', () => {
      it('ttlSeconds: present until the instant, absent from it on', async () => {
        const s = store();
        await s.put('k', 'v', { ttlSeconds: 30 });
        clock.advance(29_999);
        assert.equal(await s.get('k'), 'v');
        clock.advance(1);
        assert.equal(await s.get('k'), null);
      });

      it('fractional ttlSeconds keep millisecond precision (rounded up)', async () => {
        const s = store();
        await s.put('k', 'v', { ttlSeconds: 0.0015 });
        clock.advance(1);
        assert.equal(await s.get('k'), 'v');
        clock.advance(1);
        assert.equal(await s.get('k'), null);
      });

      it('expiresAt accepts a Date and epoch seconds', async () => {
        const s = store();
        await s.put('date', 'v', { expiresAt: new Date(clock.time + 10_000) });
        await s.put('seconds', 'v', { expiresAt: (clock.time + 20_000) / 1000 });
        clock.advance(10_000);
        assert.equal(await s.get('date'), null);
        assert.equal(await s.get('seconds'), 'v');
        clock.advance(10_000);
        assert.equal(await s.get('seconds'), null);
      });

      it('an expiry in the past stores an already expired item', async () => {
        const s = store();
        await s.put('k', 'v', { expiresAt: new Date(clock.time - 1) });
        assert.equal(await s.get('k'), null);
      });

      it('a plain put clears an earlier expiry', async () => {
        const s = store();
        await s.put('k', 'v', { ttlSeconds: 1 });
        await s.put('k', 'w');
        clock.advance(60_000);
        assert.equal(await s.get('k'), 'w');
      });

      it('expired items are absent from take and scan, present with includeExpired', async () => {
        const s = store();
        await s.put('gone', 1, { ttlSeconds: 1 });
        await s.put('kept', 2);
        clock.advance(1000);
        assert.equal(await s.take('gone'), null);
        await s.put('gone2', 3, { ttlSeconds: 1 });
        clock.advance(1000);
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
        const s = store();
        for (let i = 0; i < 5; i++) await s.put(`old${i}`, i, { ttlSeconds: 1 });
        await s.put('live', 'yes', { ttlSeconds: 3600 });
        await s.put('forever', 'yes');
        clock.advance(1000);
        const table = engine.table(s.tableName);
        assert.equal(await table.purgeExpired(3), 3);
        assert.equal(await table.purgeExpired(3), 2);
        assert.equal(await table.purgeExpired(3), 0);
        assert.deepEqual(
          (await collect(s.scan({ includeExpired: true }))).map((i) => i.key),
          ['forever', 'live'],
        );
      });

      it('purges in the background on an unref’d timer', async () => {
        const purging = await open({ purgeIntervalMs: 10 });
        const s = store(purging);
        await s.put('old', 1, { ttlSeconds: 1 });
        await s.put('live', 2);
        clock.advance(1000);
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

    describe('increment', () => {
      it('starts a new counter from 0 and adds integers', async () => {
        const s = store();
        assert.equal(await s.increment('n'), 1);
        assert.equal(await s.increment('n', 5), 6);
        assert.equal(await s.increment('n', -2), 4);
        assert.equal(await s.increment('n', 0), 4);
        assert.equal(await s.get('n'), 4);
        await s.put('m', 10);
        assert.equal(await s.increment('m', 1), 11);
      });

      it('gives a new counter the ttl and keeps it on later increments', async () => {
        const s = store();
        assert.equal(await s.increment('n', 1, { ttlSeconds: 60 }), 1);
        clock.advance(30_000);
        assert.equal(await s.increment('n', 1, { ttlSeconds: 60 }), 2);
        assert.equal(await s.increment('n'), 3);
        clock.advance(30_000);
        assert.equal(await s.get('n'), null, 'expiry stayed at the first increment + 60 s');
        assert.equal(await s.increment('n', 1, { ttlSeconds: 60 }), 1, 'an expired counter restarts from 0');
        clock.advance(59_999);
        assert.equal(await s.get('n'), 1);
      });

      it('restarts an expired item whatever it held', async () => {
        const s = store();
        await s.put('n', 'not a number', { ttlSeconds: 1 });
        clock.advance(1000);
        assert.equal(await s.increment('n', 7), 7);
      });

      it('refuses a live non-integer item and leaves it unchanged', async () => {
        const s = store();
        for (const value of ['text', '12', 1.5, { n: 1 }, null, true]) {
          await s.put('n', value);
          await assert.rejects(s.increment('n'), isNamed(KVStoreErrors.ValidationFailed));
          assert.deepEqual(await s.get('n'), value);
        }
      });

      it('refuses a non-integer step and a sum outside the safe integer range', async () => {
        const s = store();
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
        const s = store();
        await s.put('k', { token: 'abc' });
        assert.deepEqual(await s.take('k'), { token: 'abc' });
        assert.equal(await s.take('k'), null);
        assert.equal(await s.get('k'), null);
        assert.equal(await s.take('never'), null);
      });
    });

    describe('scan', () => {
      it('yields nothing for an empty store', async () => {
        assert.deepEqual(await collect(store().scan()), []);
      });

      it('yields every live item in UTF-8 byte order', async () => {
        const s = store();
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
        const s = store();
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
        const s = store();
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

    describe('bad input is refused and nothing is written', () => {
      const badKeys: unknown[] = [
        '',
        5,
        null,
        undefined,
        {},
        'x'.repeat(1025),
        'é'.repeat(513),
        'a\u0000b',
        '\uD800',
      ];

      it('refuses bad keys in every method', async () => {
        const s = store<unknown>();
        for (const key of badKeys) {
          const k = key as string;
          await assert.rejects(s.get(k), isNamed(KVStoreErrors.ValidationFailed));
          await assert.rejects(s.put(k, 1), isNamed(KVStoreErrors.ValidationFailed));
          await assert.rejects(s.delete(k), isNamed(KVStoreErrors.ValidationFailed));
          await assert.rejects(s.increment(k), isNamed(KVStoreErrors.ValidationFailed));
          await assert.rejects(s.take(k), isNamed(KVStoreErrors.ValidationFailed));
        }
        assert.deepEqual(await collect(s.scan({ includeExpired: true })), []);
      });

      it('refuses values JSON cannot carry', async () => {
        const s = store<unknown>();
        await s.put('k', 'original');
        const cycle: Record<string, unknown> = {};
        cycle.self = cycle;
        const bad: unknown[] = [
          undefined,
          () => 1,
          10n,
          { big: 1n },
          cycle,
          { f() {} },
          Symbol('s'),
          [Symbol('s')],
        ];
        for (const value of bad) {
          await assert.rejects(s.put('k', value), isNamed(KVStoreErrors.ValidationFailed));
          await assert.rejects(s.put('new', value), isNamed(KVStoreErrors.ValidationFailed));
        }
        assert.equal(await s.get('k'), 'original');
        assert.equal(await s.get('new'), null);
      });

      it('refuses values over 400 KiB of UTF-8 with ItemTooLargeException', async () => {
        const s = store<string>();
        const atLimit = 'x'.repeat(400 * 1024 - 2);
        await s.put('fits', atLimit);
        assert.equal((await s.get('fits'))?.length, atLimit.length);
        await assert.rejects(s.put('big', `${atLimit}x`), isNamed(KVStoreErrors.ItemTooLarge));
        await assert.rejects(s.put('big', 'é'.repeat(204_800)), isNamed(KVStoreErrors.ItemTooLarge));
        await assert.rejects(s.put('fits', `${atLimit}x`), isNamed(KVStoreErrors.ItemTooLarge));
        assert.equal(await s.get('big'), null);
        assert.equal((await s.get('fits'))?.length, atLimit.length);
      });

      it('refuses invalid or conflicting expiry and condition options', async () => {
        const s = store();
        const bad: Record<string, unknown>[] = [
          { ttlSeconds: 10, expiresAt: new Date(clock.time + 1000) },
          { ttlSeconds: 0 },
          { ttlSeconds: -1 },
          { ttlSeconds: Number.NaN },
          { ttlSeconds: Number.POSITIVE_INFINITY },
          { ttlSeconds: '5' },
          { expiresAt: new Date('nope') },
          { expiresAt: clock.time },
          { expiresAt: -5 },
          { expiresAt: 'tomorrow' },
          { ifNotExists: true, ifValueEquals: 1 },
        ];
        for (const options of bad) {
          await assert.rejects(
            s.put('k', 1, options),
            isNamed(KVStoreErrors.ValidationFailed),
            JSON.stringify(options),
          );
          if (!('ifNotExists' in options)) {
            await assert.rejects(s.increment('n', 1, options), isNamed(KVStoreErrors.ValidationFailed));
          }
        }
        assert.equal(await s.get('k'), null);
        assert.equal(await s.get('n'), null);
      });
    });

    describe('concurrency', () => {
      it('50 concurrent ifNotExists puts of one key: exactly one wins', async () => {
        const s = store();
        const { fulfilled, rejected } = await settleAll(
          Array.from({ length: 50 }, (_, i) => s.put('k', i, { ifNotExists: true }).then(() => i)),
        );
        assert.equal(fulfilled.length, 1);
        assert.equal(rejected.length, 49);
        for (const error of rejected) assert.equal(error.name, KVStoreErrors.ConditionalCheckFailed);
        assert.equal(await s.get('k'), fulfilled[0]);
      });

      it('50 concurrent increments lose nothing', async () => {
        const s = store();
        const results = await Promise.all(Array.from({ length: 50 }, () => s.increment('n')));
        assert.equal(await s.get('n'), 50);
        assert.deepEqual(
          [...results].sort((a, b) => a - b),
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
      });

      it('20 concurrent takes: exactly one gets the value', async () => {
        const s = store();
        await s.put('k', 'once');
        const results = await Promise.all(Array.from({ length: 20 }, () => s.take('k')));
        assert.deepEqual(
          results.filter((r) => r !== null),
          ['once'],
        );
      });

      it('compare-and-set loops from 10 workers add up exactly', async () => {
        const s = store<number>();
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
      skip: target.sharedStorage ? false : 'engine storage is per connection',
    }, () => {
      it('see each other’s writes and keep every guarantee across connections', async () => {
        const other = await open();
        const id = `shared${++storeCount}`;
        const a = store(engine, id);
        const b = store(other, id);
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

      it('create the same table at once without failing', async () => {
        const engines = await Promise.all([open(), open(), open()]);
        const id = `created-together${++storeCount}`;
        const stores = engines.map((e) => store(e, id));
        await Promise.all(stores.map((s, i) => s.put(`k${i}`, i)));
        assert.equal((await collect(stores[0]!.scan())).length, 3);
      });
    });
  });
}
