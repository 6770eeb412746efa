/**
 * `admin.listUsers` pages through the `users` store with the store's own start key, on every engine:
 * every user exactly once, in the store's UTF-8 byte order, also for names whose UTF-16 order differs
 * (astral characters sort after U+FFFD in UTF-8, before it in UTF-16).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStore } from '@blockyard/kv-store';
import { AuthBasicErrors } from './errors.js';
import { type Harness, makeAuth, rejection } from './test-support/harness.js';
import type { StoredUser } from './user-store.js';

const PASSWORD = 'correct-horse-42';
// Names past the BMP (😀, 𝄞, 𠀀) next to U+FFFD and a CJK compatibility ideograph: the cases where
// comparing JavaScript strings with `<` disagrees with the store's order.
const NON_ASCII = ['p-\uFFFD', 'p-😀', 'p-𝄞', 'p-𠀀', 'p-\uFA0E', 'p-é', 'p-日本', 'p-ß'];

function utf8Order(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

async function listAll(h: Harness, limit: number, prefix?: string): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await h.auth.admin.listUsers({
      limit,
      ...(prefix ? { prefix } : {}),
      ...(next ? { after: next } : {}),
    });
    assert.ok(result.users.length <= limit);
    names.push(...result.users.map((user) => user.username));
    if (!result.next) return names;
    assert.equal(result.next, names.at(-1), 'next is the last username of the page');
    next = result.next;
  }
  throw new Error('paging did not end');
}

function pagingSuite(label: string, engineUrl: () => string | undefined, skip: string | false): void {
  describe(`admin.listUsers paging (${label})`, { skip }, () => {
    let h: Harness;
    const bulk: string[] = [];

    before(async () => {
      const url = engineUrl();
      h = await makeAuth({
        ...(url ? { engineUrl: url } : {}),
        scopeId: `paging${process.pid}x${Date.now().toString(36)}`,
      });
      for (const name of NON_ASCII) await h.auth.admin.createUser(name, PASSWORD);
      // Many more users, written straight into the block's `users` store (one password hash copied)
      // so the test does not spend its time hashing.
      const users = new KVStore<StoredUser>(new Scope('paging-seed'), 'users', {
        engine: h.engine,
        table: KVStore.fromExisting(`${h.auth.fullId}-users`),
      });
      const template = await users.get(NON_ASCII[0]!);
      assert.ok(template !== null);
      for (let i = 0; i < 240; i++) bulk.push(`u-${String(i).padStart(3, '0')}`);
      for (const name of bulk) await users.put(name, template);
    });

    after(() => h.close());

    it('lists every user once, in UTF-8 byte order, at any page size', async () => {
      const everyone = [...NON_ASCII, ...bulk].sort(utf8Order);
      for (const limit of [1, 7, 100, 1000]) {
        assert.deepEqual(await listAll(h, limit), everyone, `limit ${limit}`);
      }
    });

    it('pages within a prefix, across the astral names', async () => {
      const expected = [...NON_ASCII].sort(utf8Order);
      for (const limit of [1, 2, 3]) assert.deepEqual(await listAll(h, limit, 'p-'), expected);
      assert.deepEqual(await listAll(h, 50, 'u-'), bulk);
    });

    it('continues after a name that is not (or no longer) a user', async () => {
      const page = await h.auth.admin.listUsers({ prefix: 'u-', after: 'u-0995', limit: 3 });
      assert.deepEqual(
        page.users.map((user) => user.username),
        ['u-100', 'u-101', 'u-102'],
      );
      const tail = await h.auth.admin.listUsers({ after: 'p-😀', prefix: 'p-' });
      assert.deepEqual(
        tail.users.map((user) => user.username),
        NON_ASCII.filter((name) => utf8Order(name, 'p-😀') > 0).sort(utf8Order),
      );
    });

    it('refuses a malformed page token or prefix with InvalidParameter', async () => {
      const bad = [
        { after: '' },
        { after: 5 },
        { after: 'a\0b' },
        { after: '\uD800' },
        { after: 'x'.repeat(1025) },
        { prefix: '' },
        { prefix: ['p-'] },
        { prefix: 'p-\uDC00' },
      ];
      for (const options of bad) {
        const error = await rejection(h.auth.admin.listUsers(options as never));
        assert.equal(error.name, AuthBasicErrors.InvalidParameter, JSON.stringify(options));
        assert.equal(error.status, 400);
      }
    });
  });
}

let sqliteDir: string | undefined;
const pgUrl = process.env.BLOCKS_TEST_POSTGRES_URL;

before(async () => {
  sqliteDir = await mkdtemp(join(tmpdir(), 'auth-paging-'));
});
after(async () => {
  if (sqliteDir) await rm(sqliteDir, { recursive: true, force: true });
});

pagingSuite('memory engine', () => undefined, false);
pagingSuite('SQLite', () => `sqlite:${join(sqliteDir!, 'blocks.db')}`, false);
pagingSuite('PostgreSQL', () => pgUrl, pgUrl ? false : 'BLOCKS_TEST_POSTGRES_URL is not set');
