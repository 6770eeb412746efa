/**
 * `blockyard start`: the same server in production mode — unexpected error messages hidden (D-02),
 * no runtime config written, the CORS allowlist from `CORS_ALLOWED_ORIGINS`.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callRpc, createTempApp, type SandboxProcess, startSandbox, type TempApp } from '../support/index.js';
import { testAppFiles } from './fixtures.js';

describe('blockyard start', () => {
  let app: TempApp;
  let server: SandboxProcess;

  before(async () => {
    app = await createTempApp(testAppFiles(), 'cli-start');
    server = await startSandbox({
      appDir: app.appDir,
      command: 'start',
      env: { BLOCKS_DATA_DIR: app.dataDir, CORS_ALLOWED_ORIGINS: ' https://app.example.com , ' },
    });
  });
  after(async () => {
    await server?.stop();
    await app?.remove();
  });

  it('prints the ready line', () => {
    assert.match(
      server.stdout(),
      new RegExp(`^Blocks API ready at http://127\\.0\\.0\\.1:${server.port}/aws-blocks/api\\n`),
    );
  });

  it('serves JSON-RPC calls', async () => {
    const reply = await callRpc(server.apiUrl, 'api.greet', ['Ada']);
    assert.equal(reply.body.result.message, 'Hello, Ada!');
  });

  it('hides the message of an unexpected error (D-02) but keeps ApiErrors', async () => {
    const crash = await callRpc(server.apiUrl, 'api.crash');
    assert.deepEqual(crash.body.error, {
      code: 500,
      message: 'Internal error',
      data: { name: 'InternalError' },
    });
    const refuse = await callRpc(server.apiUrl, 'api.refuse');
    assert.deepEqual(refuse.body.error, {
      code: 403,
      message: 'Not allowed here',
      data: { name: 'ForbiddenException' },
    });
  });

  it('logs the stack of the hidden error server-side, and no request lines', async () => {
    await server.waitForOutput('disk full at /var/lib/internal');
    assert.match(server.stderr(), /aws-blocks\/index\.ts:\d+:\d+/);
    assert.doesNotMatch(server.stdout(), /\[rpc-call\]/);
  });

  it('writes no sandbox config', () => {
    assert.equal(existsSync(join(app.appDir, '.blocks-sandbox/config.json')), false);
  });

  it('applies CORS_ALLOWED_ORIGINS', async () => {
    const allowed = await callRpc(server.apiUrl, 'api.greet', ['Bo'], { origin: 'https://app.example.com' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com');
    const refused = await callRpc(server.apiUrl, 'api.greet', ['Bo'], { origin: 'https://evil.example.net' });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
  });

  it('exits 0 on SIGTERM', async () => {
    const status = await server.stop('SIGTERM');
    assert.deepEqual(status, { code: 0, signal: null });
  });
});
