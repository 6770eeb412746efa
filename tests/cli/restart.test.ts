/**
 * A restart serves what is on disk: the compiled backend kept between starts is used only while its
 * sources are unchanged.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { callRpc, createTempApp, startSandbox } from '../support/index.js';
import { helperSource, testAppFiles } from './fixtures.js';

describe('blockyard sandbox restarts', () => {
  it('serves an edit made while it was stopped, and the unchanged backend again after that', async () => {
    const app = await createTempApp(testAppFiles(), 'cli-restart');
    const env = { BLOCKS_DATA_DIR: app.dataDir };
    const greet = async () => {
      const sandbox = await startSandbox({ appDir: app.appDir, env });
      try {
        return (await callRpc(sandbox.apiUrl, 'api.greet', ['Ada'])).body.result.message as string;
      } finally {
        await sandbox.stop();
      }
    };
    try {
      assert.equal(await greet(), 'Hello, Ada!');
      assert.ok(existsSync(join(app.appDir, '.blocks-sandbox/build/backend-cache.json')));
      assert.equal(await greet(), 'Hello, Ada!');
      await app.write('aws-blocks/helper.ts', helperSource('?'));
      assert.equal(await greet(), 'Hello, Ada?');
      assert.equal(await greet(), 'Hello, Ada?');
    } finally {
      await app.remove();
    }
  });
});
