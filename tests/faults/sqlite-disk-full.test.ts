// The disk under the SQLite file fills up (a 2 MiB tmpfs): writes answer a retriable 503
// EngineUnavailableException, reads keep working, every acknowledged write stays, the file passes
// `PRAGMA integrity_check`, and service is normal again once there is space.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStore, KVStoreErrors, openEngine } from '@blockyard/kv-store';
import Database from 'better-sqlite3';

const dir = mkdtempSync(join(tmpdir(), 'blockyard-faults-full-'));
const mountPoint = join(dir, 'small');
mkdirSync(mountPoint);

function mount(options: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mountPoint]).status === 0;
}

// A small file system needs the right to mount one (root on Linux); elsewhere the case is skipped.
const mounted = process.platform === 'linux' && process.getuid?.() === 0 && mount('size=2m,mode=0700');
const skip = mounted ? false : 'mounting a small tmpfs needs root on Linux';

after(() => {
  if (mounted) spawnSync('umount', [mountPoint]);
  rmSync(dir, { recursive: true, force: true });
});

describe('SQLite on a full disk', { skip }, () => {
  const scope = new Scope('faults-full', { parent: {} });
  const file = join(mountPoint, 'blocks.db');
  const lines: string[] = [];
  let engine: Awaited<ReturnType<typeof openEngine>>;
  before(async () => {
    engine = await openEngine(`sqlite:${file}`, { log: (l) => lines.push(l) });
  });
  after(() => engine?.close());

  it('answers 503 while full, loses nothing, stays intact, and recovers when space returns', async () => {
    const store = new KVStore<string>(scope, 'rows', { engine });
    const value = 'x'.repeat(4000);
    const acknowledged: string[] = [];
    let refusal: (Error & { status?: number; retriable?: boolean }) | undefined;
    // 2 MiB holds a few hundred such rows; the bound stops the loop whatever happens.
    for (let i = 0; i < 2000 && !refusal; i++) {
      try {
        await store.put(`k${i}`, value);
        acknowledged.push(`k${i}`);
      } catch (error) {
        refusal = error as Error & { status?: number; retriable?: boolean };
      }
    }
    assert.ok(refusal, 'the disk filled up');
    assert.equal(refusal.name, KVStoreErrors.EngineUnavailable);
    assert.equal(refusal.status, 503);
    assert.equal(refusal.retriable, true);
    assert.ok(!refusal.message.includes(file));
    assert.ok(acknowledged.length > 50, `${acknowledged.length} writes fitted`);
    await assert.rejects(store.put('more', value), (e: Error) => e.name === KVStoreErrors.EngineUnavailable);
    assert.equal(await store.get(acknowledged[0] as string), value, 'reads are served while full');

    assert.ok(mount('remount,size=64m,mode=0700'), 'space returns');
    await store.put('more', value);
    for (const key of acknowledged) assert.equal(await store.get(key), value, `${key} kept`);
    assert.equal(lines.filter((l) => /unavailable/.test(l)).length, 1, lines.join('\n'));
    assert.equal(lines.filter((l) => /available again/.test(l)).length, 1, lines.join('\n'));

    const check = new Database(file, { readonly: true });
    try {
      assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      check.close();
    }
  });
});
