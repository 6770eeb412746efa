import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStore } from '../../kv-store.js';
import { openEngine } from '../../open-engine.js';

const dir = mkdtempSync(join(tmpdir(), 'blockyard-private-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const scope = new Scope('private-files', { parent: {} });
const modeOf = (path: string) => statSync(path).mode & 0o7777;

/** A data folder left loose by hand or by an older version: folder, database and WAL file. */
function looseFolder(name: string, folderMode: number): { folder: string; file: string } {
  const folder = join(dir, name);
  mkdirSync(folder);
  chmodSync(folder, folderMode);
  const file = join(folder, 'blocks.db');
  writeFileSync(file, '');
  chmodSync(file, 0o644);
  writeFileSync(`${file}-wal`, '');
  chmodSync(`${file}-wal`, 0o666);
  return { folder, file };
}

describe('SQLite data permissions (D-09)', {
  skip: process.platform === 'win32' ? 'no modes' : false,
}, () => {
  it('tightens an existing loose data folder to 0700 and its files to 0600, one log line each', async () => {
    const { folder, file } = looseFolder('loose', 0o777);
    const lines: string[] = [];
    const engine = await openEngine(`sqlite:${file}`, { ownFolder: true, log: (l) => lines.push(l) });
    try {
      await new KVStore(scope, 'kept', { engine }).put('k', 'v');
      assert.equal(modeOf(folder), 0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) assert.equal(modeOf(path), 0o600, path);
      assert.equal(lines.length, 3, lines.join('\n'));
      assert.ok(lines[0]?.includes(folder) && lines[0].includes('0777') && lines[0].includes('0700'));
      assert.ok(lines[1]?.includes(file) && lines[1].includes('0644') && lines[1].includes('0600'));
      assert.ok(lines[2]?.includes(`${file}-wal`) && lines[2].includes('0666'));
    } finally {
      await engine.close();
    }
    const quiet: string[] = [];
    const again = await openEngine(`sqlite:${file}`, { ownFolder: true, log: (l) => quiet.push(l) });
    await again.close();
    assert.deepEqual(quiet, [], 'private data is left alone, silently');
  });

  it('tightens only the files when the folder may hold other things', async () => {
    const { folder, file } = looseFolder('shared-folder', 0o755);
    const lines: string[] = [];
    const engine = await openEngine(`sqlite:${file}`, { log: (l) => lines.push(l) });
    await engine.close();
    assert.equal(modeOf(folder), 0o755);
    assert.equal(modeOf(file), 0o600);
    assert.equal(lines.length, 2);
  });

  it('never narrows a sticky (shared, /tmp-like) folder, and says so', async () => {
    const { folder, file } = looseFolder('sticky', 0o1777);
    const lines: string[] = [];
    const engine = await openEngine(`sqlite:${file}`, { ownFolder: true, log: (l) => lines.push(l) });
    await engine.close();
    assert.equal(modeOf(folder), 0o1777);
    assert.equal(modeOf(file), 0o600);
    assert.ok(lines[0]?.includes('shared folder'), lines.join('\n'));
  });
});
