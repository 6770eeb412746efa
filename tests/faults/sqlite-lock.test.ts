// The SQLite file write-locked by another process (a backup, a migration, a second instance): the
// engine waits for the lock asynchronously, so the event loop keeps turning and reads keep being
// served from the WAL; a write that gets the lock in time succeeds, one that does not answers a
// retriable 503 EngineUnavailableException; the outage is logged once at each end.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStore, KVStoreErrors, openEngine } from '@blockyard/kv-store';
import { REPO_ROOT } from '../support/index.js';

const dir = mkdtempSync(join(tmpdir(), 'blockyard-faults-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const scope = new Scope('faults-lock', { parent: {} });

/** Another process that takes the write lock (BEGIN IMMEDIATE + a write) until told to let go. */
async function lockHolder(file: string): Promise<{ proc: ChildProcess; release(): Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (x)');
    db.exec('INSERT INTO holder VALUES (1)');
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`;
  const proc = spawn(process.execPath, ['-e', script, file], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.once('data', () => resolve());
    proc.once('exit', (code) => reject(new Error(`lock holder exited (${code})`)));
  });
  return {
    proc,
    release: async () => {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.stdin?.write('go\n');
      await exited;
    },
  };
}

/** Records the longest gap between ticks of a 5 ms timer: how long the event loop was blocked. */
function loopMonitor() {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    stop(): number {
      clearInterval(timer);
      return longest;
    },
  };
}

describe('SQLite write-locked by another process', () => {
  it('never blocks the event loop, serves reads, waits for the lock, then answers 503', async () => {
    const file = join(dir, 'locked.db');
    const lines: string[] = [];
    const engine = await openEngine(`sqlite:${file}`, { busyTimeoutMs: 1500, log: (l) => lines.push(l) });
    const store = new KVStore<number>(scope, 'rows', { engine });
    try {
      for (let i = 0; i < 50; i++) await store.put(`k${i}`, i);
      const holder = await lockHolder(file);
      const loop = loopMonitor();

      // A write that waits, and gets the lock once the other process lets go.
      const started = performance.now();
      const waiting = store.put('waits', 1);
      // Reads are served meanwhile, from the WAL (keys never read before, so not from a cache).
      for (let i = 0; i < 50; i++) assert.equal(await store.get(`k${i}`), i);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.release();
      await waiting;
      const waited = performance.now() - started;
      assert.ok(waited >= 300, `the write waited for the lock (${Math.round(waited)} ms)`);
      assert.equal(await store.get('waits'), 1);

      // A write that outlasts its deadline answers EngineUnavailable (503, retriable).
      const again = await lockHolder(file);
      const before = performance.now();
      await assert.rejects(
        store.put('late', 1),
        (error: Error & { status?: number; retriable?: boolean }) => {
          assert.equal(error.name, KVStoreErrors.EngineUnavailable);
          assert.equal(error.status, 503);
          assert.equal(error.retriable, true);
          assert.ok(!error.message.includes(file), 'the message names no file');
          return true;
        },
      );
      const deadline = performance.now() - before;
      assert.ok(deadline >= 1400 && deadline < 3000, `gave up after ${Math.round(deadline)} ms`);
      assert.equal(await store.get('k7'), 7, 'reads still served');
      await again.release();
      const longest = loop.stop();
      assert.ok(
        longest < 250,
        `the event loop was never blocked for long (longest gap ${Math.round(longest)} ms)`,
      );

      await store.put('late', 2);
      assert.equal(await store.get('late'), 2);
      assert.equal(lines.filter((l) => /unavailable/.test(l)).length, 1, lines.join('\n'));
      assert.equal(lines.filter((l) => /available again/.test(l)).length, 1, lines.join('\n'));
      assert.ok(lines.every((l) => !l.includes(file)));
    } finally {
      await engine.close();
    }
  });
});
