import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import Database from 'better-sqlite3';
import { KVStoreErrors } from '../../errors.js';
import { KVStore } from '../../kv-store.js';
import { ManualClock } from '../../testing/conformance/context.js';
import { ReadCache, ROW_OVERHEAD, TableReadCache } from './read-cache.js';
import { SqliteEngine } from './sqlite-engine.js';

/** A ReadCache over a version the test moves, counting the checks. */
function fakeConnection(options: { maxChars?: number; maxValueChars?: number } = {}) {
  const state = { version: 1, checks: 0, failWith: undefined as Error | undefined };
  const cache = new ReadCache({
    ...options,
    dataVersion: () => {
      state.checks++;
      if (state.failWith) throw state.failWith;
      return state.version;
    },
  });
  return { state, cache };
}

describe('SQLite read cache', () => {
  it('serves every cached read asked for before a check with that one check', async () => {
    const { state, cache } = fakeConnection();
    const rows = new TableReadCache(cache);
    rows.remember('k', ['v', null]);
    assert.equal(rows.holds('k'), true);
    assert.equal(state.checks, 1, 'the baseline');
    await Promise.all(Array.from({ length: 5 }, () => cache.checked()));
    assert.equal(state.checks, 2);
    assert.deepEqual(rows.current('k'), ['v', null]);
    await cache.checked();
    assert.equal(state.checks, 3, 'a later call waits for a check of its own');
  });

  it('drops every table’s rows when another connection committed', async () => {
    const { state, cache } = fakeConnection();
    const users = new TableReadCache(cache);
    const sessions = new TableReadCache(cache);
    await cache.checked();
    users.remember('u', ['1', null]);
    sessions.remember('s', ['2', null]);
    await cache.checked();
    assert.deepEqual(users.current('u'), ['1', null], 'nothing committed elsewhere: still current');
    state.version = 2;
    await cache.checked();
    assert.equal(users.current('u'), undefined);
    assert.equal(sessions.holds('s'), false);
    assert.equal(sessions.current('s'), undefined);
    assert.equal(cache.chars, 0);
  });

  it('forgets a row this connection writes', () => {
    const { cache } = fakeConnection();
    const rows = new TableReadCache(cache);
    rows.remember('k', ['value', null]);
    rows.forget('k');
    assert.equal(rows.holds('k'), false);
    assert.equal(cache.chars, 0);
  });

  it('stays within its budget, counting keys and a per-row overhead, and never holds an oversized value', () => {
    const { cache } = fakeConnection({ maxChars: 4000, maxValueChars: 300 });
    const rows = new TableReadCache(cache);
    for (let i = 0; i < 100; i++) {
      // Long keys with one-character values: a budget of values alone would hold them all.
      rows.remember(`${'k'.repeat(1000)}${i}`, ['1', null]);
      assert.ok(cache.chars <= 4000, `held ${cache.chars}`);
    }
    assert.ok(rows.size <= 4000 / (1000 + ROW_OVERHEAD), `held ${rows.size} rows`);
    rows.remember('big', ['y'.repeat(301), null]);
    assert.equal(rows.holds('big'), false);
  });

  it('makes room by dropping the largest table, so one table cannot crowd out the others', () => {
    const { cache } = fakeConnection({ maxChars: 2000 });
    const counters = new TableReadCache(cache);
    const sessions = new TableReadCache(cache);
    sessions.remember('s', ['x'.repeat(100), null]);
    // Counters of many addresses fill the budget almost to the end.
    for (let i = 0; cache.chars <= 2000 - 150; i++) counters.remember(`c${i}`, ['1', null]);
    const held = counters.size;
    sessions.remember('s2', ['x'.repeat(100), null]);
    assert.equal(sessions.holds('s2'), true, 'the new session row is held');
    assert.equal(sessions.holds('s'), true, 'and the older one kept');
    assert.ok(counters.size < held, 'the counters made the room');
    assert.ok(cache.chars <= 2000);
    assert.equal(cache.chars, counters.chars + sessions.chars);
  });

  it('rejects the waiting reads when the check fails', async () => {
    const { state, cache } = fakeConnection();
    state.failWith = new Error('disk I/O error');
    await assert.rejects(cache.checked(), /disk I\/O error/);
    state.failWith = undefined;
    await cache.checked();
  });
});

describe('SQLite engine reads through the cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'blockyard-read-cache-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const scope = new Scope('read-cache', { parent: {} });
  let n = 0;
  const open = (clock = new ManualClock()) => {
    const file = join(dir, `blocks-${++n}.db`);
    return { file, clock, engine: new SqliteEngine(file, { now: clock.now }) };
  };

  it('checks a held answer after it was asked for: a write made meanwhile elsewhere is seen', async () => {
    const { file, engine } = open();
    const other = new SqliteEngine(file);
    try {
      const a = new KVStore<number>(scope, 'meanwhile', { engine });
      const b = new KVStore<number>(scope, 'meanwhile', { engine: other });
      await a.put('k', 1);
      assert.equal(await a.get('k'), 1);
      const asked = a.get('k');
      await b.put('k', 2);
      assert.equal(await asked, 2);
      const before = a.get('k');
      const raw = new Database(file);
      raw.prepare(`DELETE FROM "${a.tableName}" WHERE k = ?`).run('k');
      raw.close();
      assert.equal(await before, null, 'a plain SQLite client deleting the row is seen too');
    } finally {
      await other.close();
      await engine.close();
    }
  });

  it('answers this connection’s own writes at once', async () => {
    const { engine } = open();
    try {
      const s = new KVStore<string>(scope, 'own', { engine });
      await s.put('k', 'a');
      assert.equal(await s.get('k'), 'a');
      const asked = s.get('k');
      await s.put('k', 'b');
      assert.equal(await asked, 'b', 'a write this connection made meanwhile is seen');
      assert.equal(await s.get('k'), 'b');
      assert.equal(await s.take('k'), 'b');
      assert.equal(await s.get('k'), null);
      await s.increment('n');
      assert.equal(await s.get('n'), 1);
      await s.increment('n');
      assert.equal(await s.get('n'), 2);
      await s.delete('n');
      assert.equal(await s.get('n'), null);
    } finally {
      await engine.close();
    }
  });

  it('lets a held item expire on the engine clock', async () => {
    const { engine, clock } = open();
    try {
      const s = new KVStore<string>(scope, 'expiry', { engine });
      await s.put('k', 'v', { ttlSeconds: 5 });
      assert.equal(await s.get('k'), 'v');
      clock.advance(4_999);
      assert.equal(await s.get('k'), 'v');
      clock.advance(1);
      assert.equal(await s.get('k'), null);
    } finally {
      await engine.close();
    }
  });

  it('answers EngineUnavailable for a held key once the engine is closed', async () => {
    const { engine } = open();
    const s = new KVStore<string>(scope, 'closed', { engine });
    await s.put('k', 'v');
    assert.equal(await s.get('k'), 'v');
    await engine.close();
    await assert.rejects(s.get('k'), (error: Error) => {
      assert.equal(error.name, KVStoreErrors.EngineUnavailable);
      return true;
    });
  });
});
