import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { getMockDataDir, localDataDir } from './local-data.js';

const app = mkdtempSync(join(tmpdir(), 'blockyard-data-'));
after(() => rmSync(app, { recursive: true, force: true }));

describe('localDataDir', () => {
  it('is <app>/.bb-data, the app being BLOCKS_APP_DIR, the given folder or the working directory', () => {
    assert.equal(localDataDir({ env: {} }), join(process.cwd(), '.bb-data'));
    assert.equal(localDataDir({ env: { BLOCKS_APP_DIR: app } }), join(app, '.bb-data'));
    assert.equal(localDataDir({ appDir: app, env: { BLOCKS_APP_DIR: '/elsewhere' } }), join(app, '.bb-data'));
  });

  it('follows BLOCKS_DATA_DIR, a relative one against the app folder', () => {
    assert.equal(localDataDir({ appDir: app, env: { BLOCKS_DATA_DIR: 'data' } }), join(app, 'data'));
    assert.equal(localDataDir({ appDir: app, env: { BLOCKS_DATA_DIR: '/abs/data' } }), '/abs/data');
  });
});

describe('getMockDataDir (R-809)', () => {
  it("creates and returns the block's own private folder, or the data folder with root", () => {
    const saved = process.env.BLOCKS_APP_DIR;
    process.env.BLOCKS_APP_DIR = app;
    try {
      const dir = getMockDataDir({ fullId: 'my-app-store' });
      assert.equal(dir, join(app, '.bb-data', 'my-app-store'));
      assert.ok(statSync(dir).isDirectory());
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.equal(getMockDataDir({ fullId: 'my-app-store' }, { root: true }), join(app, '.bb-data'));
    } finally {
      if (saved === undefined) delete process.env.BLOCKS_APP_DIR;
      else process.env.BLOCKS_APP_DIR = saved;
    }
  });
});
