/**
 * Every data command killed with SIGKILL at a random point: the target is left untouched or
 * resumable, and running the same command again finishes with every table verified equal to the
 * source (backup: no file appears until it is complete).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_BIN, REPO_ROOT, runBlockyard } from '../support/index.js';
import { engineDigests, openData } from './support.js';

const TABLES = 8;
const ROWS = 4000;
const KEY = 'sigkill-key-0123456789abcdef';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'blockyard-sigkill-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const fresh = (name: string) => `sqlite:${join(dir, `${name}-${randomBytes(3).toString('hex')}.db`)}`;

async function seeded(): Promise<{ url: string; digests: Record<string, string> }> {
  const url = fresh('source');
  const engine = await openData(url);
  try {
    for (let t = 0; t < TABLES; t++) {
      const rows = Array.from({ length: ROWS }, (_, i) => ({
        key: `k${String(i).padStart(5, '0')}`,
        value: JSON.stringify({ t, i, pad: 'x'.repeat(64) }),
        expiresAt: i % 3 === 0 ? engine.now() + 3_600_000 : null,
      }));
      await engine.writeRows(`kv_load-${t}`, rows);
    }
    await engine.table('bb_settings').put('/load-secret', '"s"', null);
    return { url, digests: await engineDigests(engine) };
  } finally {
    await engine.close();
  }
}

/**
 * Runs `blockyard <args>` and kills it with SIGKILL as soon as its progress names table `at` (or
 * lets it finish when it gets there first); resolves with how it ended.
 */
function runAndKill(args: string[], at: number, env: Record<string, string> = {}) {
  return new Promise<{ killed: boolean; code: number | null }>((resolve) => {
    const proc = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let seen = '';
    let killed = false;
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      if (!killed && seen.includes(`table ${at}/`)) {
        killed = true;
        proc.kill('SIGKILL');
      }
    });
    const guard = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    proc.once('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

async function digestsOf(url: string) {
  const engine = await openData(url);
  try {
    return await engineDigests(engine);
  } finally {
    await engine.close();
  }
}

describe('data commands killed with SIGKILL resume', () => {
  let source: { url: string; digests: Record<string, string> };
  before(async () => {
    source = await seeded();
  });

  it('migrate', async () => {
    for (let round = 0; round < 2; round++) {
      const to = fresh('migrate');
      const at = randomInt(1, TABLES + 2);
      const first = await runAndKill(['migrate', '--from', source.url, '--to', to], at);
      const again = await runBlockyard(['migrate', '--from', source.url, '--to', to], { timeoutMs: 60_000 });
      if (first.killed) {
        assert.equal(again.code, 0, `killed at table ${at}: ${again.stderr}`);
        if (at > 1) assert.match(again.stdout, /Resuming an interrupted migrate/);
      } else {
        assert.equal(first.code, 0);
      }
      assert.deepEqual(await digestsOf(to), source.digests, `round ${round}, table ${at}`);
    }
  });

  it('backup, then restore', async () => {
    const file = join(dir, 'load.bybak');
    const at = randomInt(1, TABLES + 1);
    const first = await runAndKill(['backup', file, '--url', source.url], at, { BLOCKS_BACKUP_KEY: KEY });
    if (first.killed) assert.ok(!existsSync(file), 'no backup file before it is complete');
    const again = await runBlockyard(['backup', file, '--url', source.url], {
      env: { BLOCKS_BACKUP_KEY: KEY },
      timeoutMs: 60_000,
    });
    assert.equal(again.code, 0, again.stderr);

    for (let round = 0; round < 2; round++) {
      const to = fresh('restore');
      const point = randomInt(1, TABLES + 2);
      const killed = await runAndKill(['restore', file, '--url', to], point, { BLOCKS_BACKUP_KEY: KEY });
      const rerun = await runBlockyard(['restore', file, '--url', to], {
        env: { BLOCKS_BACKUP_KEY: KEY },
        timeoutMs: 60_000,
      });
      if (killed.killed) {
        assert.equal(rerun.code, 0, `killed at table ${point}: ${rerun.stderr}`);
        if (point > 1) assert.match(rerun.stdout, /Resuming an interrupted restore/);
      }
      assert.deepEqual(await digestsOf(to), source.digests, `round ${round}, table ${point}`);
    }
  });

  it('import aws-blocks', async () => {
    const folder = join(dir, 'reference', '.bb-data');
    for (let t = 0; t < TABLES; t++) {
      const items: Record<string, string> = {};
      for (let i = 0; i < ROWS; i++) items[`k${String(i).padStart(5, '0')}`] = JSON.stringify({ t, i });
      await mkdir(join(folder, `load-${t}`), { recursive: true });
      await writeFile(join(folder, `load-${t}`, 'store.json'), JSON.stringify(items, null, 2));
    }
    const reference = await runBlockyard(['import', 'aws-blocks', folder, '--url', fresh('import-ref')], {
      timeoutMs: 60_000,
    });
    assert.equal(reference.code, 0, reference.stderr);
    for (let round = 0; round < 2; round++) {
      const to = fresh('import');
      const at = randomInt(1, TABLES + 2);
      const first = await runAndKill(['import', 'aws-blocks', folder, '--url', to], at);
      const again = await runBlockyard(['import', 'aws-blocks', folder, '--url', to], { timeoutMs: 60_000 });
      if (first.killed) {
        assert.equal(again.code, 0, `killed at table ${at}: ${again.stderr}`);
        if (at > 1) assert.match(again.stdout, /Resuming an interrupted import/);
      }
      const digests = await digestsOf(to);
      assert.equal(Object.keys(digests).length, TABLES);
      for (const value of Object.values(digests)) assert.match(value, new RegExp(`^${ROWS} items`));
    }
  });
});
