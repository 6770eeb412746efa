/**
 * SIGTERM and SIGINT: the server stops accepting, lets an in-flight request finish, closes the
 * engine and exits 0.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { callRpc, createTempApp, startSandbox } from '../support/index.js';
import { testAppFiles } from './fixtures.js';

describe('blockyard shutdown', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`drains an in-flight request on ${signal} and exits 0`, async () => {
      const app = await createTempApp(testAppFiles(), 'cli-drain');
      const sandbox = await startSandbox({
        appDir: app.appDir,
        args: ['--no-watch'],
        env: { BLOCKS_DATA_DIR: app.dataDir },
      });
      try {
        const inFlight = callRpc(sandbox.apiUrl, 'api.slow', [300]);
        await sandbox.waitForOutput('[rpc-call] api.slow');
        sandbox.proc.kill(signal);
        const reply = await inFlight;
        assert.equal(reply.body.result, 'finished');
        const status = await sandbox.exited();
        assert.deepEqual(status, { code: 0, signal: null });
        await assert.rejects(fetch(`${sandbox.url}/.blocks-sandbox/config.json`));
        // A stopped sandbox leaves no URL behind for clients (they fall back to the deployed one).
        assert.equal(existsSync(join(app.appDir, '.blocks-sandbox', 'config.json')), false);
      } finally {
        await sandbox.stop();
        await app.remove();
      }
    });
  }
});
