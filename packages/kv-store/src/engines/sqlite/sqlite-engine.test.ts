import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import Database from 'better-sqlite3';
import { KVStoreErrors } from '../../errors.js';
import { KVStore } from '../../kv-store.js';
import { openEngine } from '../../open-engine.js';
import { runKvConformance } from '../../testing/conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'blockyard-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));

runKvConformance({
  name: 'sqlite',
  open: (options) => openEngine(`sqlite:${join(dir, 'conformance', 'blocks.db')}`, options),
  sharedStorage: true,
});

describe('SQLite engine', () => {
  const scope = new Scope('sqlite-engine', { parent: {} });

  it('gives the pages of purged items back to the file system (incremental auto-vacuum)', async () => {
    const file = join(dir, 'vacuum', 'blocks.db');
    let now = Date.UTC(2030, 0, 1);
    const engine = await openEngine(`sqlite:${file}`, {
      now: () => now,
      purgeIntervalMs: 0,
      purgeBatchSize: 500,
    });
    const pages = () => {
      const peek = new Database(file);
      try {
        peek.pragma('wal_checkpoint(TRUNCATE)');
        return peek.pragma('page_count', { simple: true }) as number;
      } finally {
        peek.close();
      }
    };
    try {
      const store = new KVStore<string>(scope, 'expiring', { engine });
      for (let i = 0; i < 2000; i++) await store.put(`k${i}`, 'x'.repeat(400), { ttlSeconds: 60 });
      const full = pages();
      now += 61_000;
      while ((await engine.purgeExpired()) > 0);
      const after = pages();
      assert.ok(after < full / 4, `${full} pages before the purge, ${after} after`);
    } finally {
      await engine.close();
    }
  });

  it('creates its folder 0700 and its files 0600, in WAL mode', async () => {
    const file = join(dir, 'fresh', '.bb-data', 'blocks.db');
    const engine = await openEngine(`sqlite:${file}`);
    try {
      await new KVStore(scope, 'perm', { engine }).put('k', 'v');
      assert.equal(statSync(join(dir, 'fresh', '.bb-data')).mode & 0o777, 0o700);
      for (const name of ['blocks.db', 'blocks.db-wal', 'blocks.db-shm']) {
        assert.equal(statSync(join(dir, 'fresh', '.bb-data', name)).mode & 0o777, 0o600, name);
      }
      const peek = new Database(file);
      assert.equal(peek.pragma('journal_mode', { simple: true }), 'wal');
      peek.close();
    } finally {
      await engine.close();
    }
  });

  it('reads synchronous=full from the URL and rejects other values', async () => {
    const file = join(dir, 'full.db');
    const engine = await openEngine(`sqlite:${file}?synchronous=full`);
    const store = new KVStore(scope, 'sync', { engine });
    await store.put('k', 'v');
    assert.equal(await store.get('k'), 'v');
    await engine.close();
    await assert.rejects(openEngine(`sqlite:${file}?synchronous=off`), (error: Error) => {
      assert.equal(error.name, KVStoreErrors.ValidationFailed);
      return true;
    });
  });

  it('resolves a relative path against baseDir', async () => {
    const engine = await openEngine('sqlite:rel/x.db', { baseDir: join(dir, 'base') });
    assert.equal(engine.description, `sqlite:${join(dir, 'base', 'rel', 'x.db')}`);
    await engine.close();
  });

  it('keeps data across a reopen', async () => {
    const url = `sqlite:${join(dir, 'reopen.db')}`;
    const first = await openEngine(url);
    await new KVStore(scope, 'kept', { engine: first }).put('k', { saved: true });
    await first.close();
    const second = await openEngine(url);
    assert.deepEqual(await new KVStore(scope, 'kept', { engine: second }).get('k'), { saved: true });
    await second.close();
  });

  it('reports a write lock held too long by another connection as EngineUnavailable (503, retriable)', async () => {
    const file = join(dir, 'busy.db');
    const engine = await openEngine(`sqlite:${file}`);
    const store = new KVStore(scope, 'busy', { engine });
    await store.put('k', 1);
    const { SqliteEngine } = await import('./sqlite-engine.js');
    const impatient = new SqliteEngine(file, { busyTimeoutMs: 50 });
    const blocker = new Database(file);
    blocker.exec('BEGIN IMMEDIATE');
    try {
      await assert.rejects(new KVStore(scope, 'busy', { engine: impatient }).put('k', 2), (error: Error) => {
        const e = error as Error & { status: number; retriable: boolean; cause: { code: string } };
        assert.equal(e.name, KVStoreErrors.EngineUnavailable);
        assert.equal(e.status, 503);
        assert.equal(e.retriable, true);
        assert.equal(e.cause.code, 'SQLITE_BUSY');
        assert.ok(!e.message.includes(dir), 'no file path in the message');
        return true;
      });
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    assert.equal(await store.get('k'), 1, 'nothing was written');
    await impatient.close();
    await engine.close();
  });

  it('reports a file it cannot create as EngineUnavailable', async () => {
    const blockedBy = join(dir, 'a-file');
    const engine = await openEngine(`sqlite:${join(dir, 'x.db')}`);
    await engine.close();
    rmSync(blockedBy, { force: true });
    (await import('node:fs')).writeFileSync(blockedBy, '');
    await assert.rejects(openEngine(`sqlite:${join(blockedBy, 'sub', 'x.db')}`), (error: Error) => {
      assert.equal(error.name, KVStoreErrors.EngineUnavailable);
      return true;
    });
  });

  it('fails clearly after close', async () => {
    const engine = await openEngine(`sqlite:${join(dir, 'closed.db')}`);
    const store = new KVStore(scope, 'closed', { engine });
    await store.put('k', 1);
    await engine.close();
    await assert.rejects(store.get('k'), (error: Error) => {
      assert.equal(error.name, KVStoreErrors.EngineUnavailable);
      return true;
    });
  });
});
