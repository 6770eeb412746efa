import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStoreErrors } from './errors.js';
import { KVStore } from './kv-store.js';
import {
  closeEngine,
  configureEngine,
  currentEngine,
  getEngine,
  resolveEngineUrl,
} from './process-engine.js';

const dir = mkdtempSync(join(tmpdir(), 'blockyard-process-engine-'));
const scope = new Scope('app', { parent: {} });

describe('the process-wide engine', () => {
  beforeEach(async () => {
    delete process.env.BLOCKS_DATABASE_URL;
    delete process.env.BLOCKS_DATA_DIR;
    await closeEngine();
    configureEngine({});
  });
  after(async () => {
    await closeEngine();
    rmSync(dir, { recursive: true, force: true });
  });

  it('defaults to sqlite:<appDir>/.bb-data/blocks.db; BLOCKS_DATA_DIR and BLOCKS_DATABASE_URL override', () => {
    configureEngine({ appDir: '/srv/app' });
    assert.equal(resolveEngineUrl(), 'sqlite:/srv/app/.bb-data/blocks.db');
    process.env.BLOCKS_DATA_DIR = 'state';
    assert.equal(resolveEngineUrl(), 'sqlite:/srv/app/state/blocks.db');
    process.env.BLOCKS_DATA_DIR = '/var/lib/app';
    assert.equal(resolveEngineUrl(), 'sqlite:/var/lib/app/blocks.db');
    process.env.BLOCKS_DATABASE_URL = 'memory:';
    assert.equal(resolveEngineUrl(), 'memory:');
    configureEngine({ appDir: '/srv/app', url: 'sqlite:/tmp/x.db' });
    assert.equal(resolveEngineUrl(), 'sqlite:/tmp/x.db');
    configureEngine({});
    delete process.env.BLOCKS_DATABASE_URL;
    delete process.env.BLOCKS_DATA_DIR;
    assert.equal(resolveEngineUrl(), `sqlite:${join(process.cwd(), '.bb-data', 'blocks.db')}`);
  });

  it('opens lazily on first use and shares one engine between stores', async () => {
    const appDir = join(dir, 'lazy');
    configureEngine({ appDir });
    const users = new KVStore(scope, 'users');
    const codes = new KVStore(scope, 'codes');
    assert.equal(existsSync(join(appDir, '.bb-data')), false, 'constructing a store opens nothing');
    assert.equal(currentEngine(), undefined);
    await Promise.all([users.put('alice', 1), codes.put('alice', 2)]);
    const engine = currentEngine();
    assert.equal(engine?.kind, 'sqlite');
    assert.equal(await getEngine(), engine);
    assert.equal(statSync(join(appDir, '.bb-data')).mode & 0o777, 0o700);
    assert.equal(statSync(join(appDir, '.bb-data', 'blocks.db')).mode & 0o777, 0o600);
    assert.equal(await users.get('alice'), 1);
    assert.equal(await codes.get('alice'), 2);
  });

  it('reopens after closeEngine, with the data still there', async () => {
    configureEngine({ appDir: join(dir, 'reopen') });
    const store = new KVStore(scope, 'kept');
    await store.put('k', 'v');
    const first = currentEngine();
    await closeEngine();
    assert.equal(currentEngine(), undefined);
    assert.equal(await store.get('k'), 'v');
    assert.notEqual(currentEngine(), first);
  });

  it('does not remember a failed open: fixing the URL is enough', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    configureEngine({ url: `sqlite:${join(blocker, 'blocks.db')}` });
    const store = new KVStore(scope, 'retry');
    await assert.rejects(store.put('k', 1), (error: Error) => error.name === KVStoreErrors.EngineUnavailable);
    await assert.rejects(store.put('k', 1), (error: Error) => error.name === KVStoreErrors.EngineUnavailable);
    configureEngine({ url: 'bogus://user:hunter2@host/db' });
    await assert.rejects(store.put('k', 1), (error: Error) => {
      assert.equal(error.name, KVStoreErrors.ValidationFailed);
      assert.ok(!error.message.includes('hunter2'));
      return true;
    });
    configureEngine({ url: `sqlite:${join(dir, 'fixed.db')}` });
    await store.put('k', 1);
    assert.equal(await store.get('k'), 1);
  });

  it('switches engines when reconfigured to another URL', async () => {
    configureEngine({ url: 'memory:' });
    const store = new KVStore(scope, 'switch');
    await store.put('k', 'in memory');
    const memory = currentEngine();
    assert.equal(memory?.kind, 'memory');
    configureEngine({ url: 'memory:' });
    assert.equal(currentEngine(), memory, 'the same URL keeps the open engine');
    configureEngine({ url: `sqlite:${join(dir, 'switch.db')}` });
    assert.equal(await store.get('k'), null);
    assert.equal(currentEngine()?.kind, 'sqlite');
  });

  it('is shared by every loaded copy of the module (sandbox reloads)', async () => {
    configureEngine({ url: 'memory:' });
    const engine = await getEngine();
    const copy = (await import(
      `./process-engine.js?copy=${Date.now()}`
    )) as typeof import('./process-engine.js');
    assert.notEqual(copy.getEngine, getEngine, 'a separate module instance');
    assert.equal(copy.currentEngine(), engine);
    assert.equal(await copy.getEngine(), engine);
  });

  it('tightens an existing loose .bb-data folder and blocks.db (D-09)', {
    skip: process.platform === 'win32' ? 'no modes' : false,
  }, async () => {
    const appDir = join(dir, 'loose-app');
    const data = join(appDir, '.bb-data');
    mkdirSync(data, { recursive: true });
    chmodSync(data, 0o777);
    writeFileSync(join(data, 'blocks.db'), '');
    chmodSync(join(data, 'blocks.db'), 0o644);
    configureEngine({ appDir });
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof write;
    try {
      await getEngine();
    } finally {
      process.stderr.write = write;
    }
    assert.equal(statSync(data).mode & 0o777, 0o700);
    assert.equal(statSync(join(data, 'blocks.db')).mode & 0o777, 0o600);
    assert.equal(written.filter((line) => line.startsWith('Tightened the permissions of')).length, 2);
  });
});
