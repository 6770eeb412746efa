import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Scope } from '@blockyard/core';
import Database from 'better-sqlite3';
import { KVStore } from '../../kv-store.js';
import { openEngine } from '../../open-engine.js';

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const writer = fileURLToPath(new URL('../../test-support/durability-writer.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'blockyard-durability-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it has acknowledged `atLeast` writes, kills it with SIGKILL, returns its lines. */
function writeThenKill(url: string, atLeast: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, url], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      if (!killed && buffered.split('\n').length > atLeast) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended without being killed: ${stderr}`));
      // Only complete lines are acknowledgements; a torn last line is not.
      else resolve(buffered.split('\n').slice(0, -1));
    });
  });
}

describe('SQLite durability', () => {
  for (const synchronous of ['normal (the default)', 'full']) {
    it(`keeps every acknowledged write after kill -9 with synchronous=${synchronous}; integrity_check is ok`, async () => {
      const file = join(dir, `${synchronous.split(' ')[0]}.db`);
      const query = synchronous === 'full' ? '?synchronous=full' : '';
      const acknowledged = await writeThenKill(`sqlite:${file}${query}`, 300);
      assert.ok(acknowledged.length >= 300);

      const check = new Database(file);
      assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
      check.close();

      const engine = await openEngine(`sqlite:${file}`);
      try {
        const store = new KVStore<{ i: number }>(new Scope('durability', { parent: {} }), 'items', {
          engine,
        });
        let highest = 0;
        for (const line of acknowledged) {
          const [key, count] = line.split(' ') as [string, string];
          const i = Number(key.slice('item:'.length));
          assert.equal((await store.get(key))?.i, i, `${key} survived`);
          highest = Math.max(highest, Number(count));
        }
        const counter = (await store.get('count')) as unknown as number;
        assert.ok(counter >= highest, 'the counter kept every acknowledged increment');
      } finally {
        await engine.close();
      }
    });
  }
});
