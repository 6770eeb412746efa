/**
 * `blockyard sandbox` over real HTTP: the ready line, the runtime config route and file, JSON-RPC
 * calls, error encoding, several cookies, and the request log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  callRpc,
  createTempApp,
  RpcClient,
  type SandboxProcess,
  startSandbox,
  type TempApp,
} from '../support/index.js';
import { testAppFiles } from './fixtures.js';

describe('blockyard sandbox', () => {
  let app: TempApp;
  let sandbox: SandboxProcess;

  before(async () => {
    app = await createTempApp(testAppFiles(), 'cli');
    sandbox = await startSandbox({
      appDir: app.appDir,
      args: ['--no-watch'],
      env: { BLOCKS_DATA_DIR: app.dataDir },
    });
  });
  after(async () => {
    await sandbox?.stop();
    await app?.remove();
  });

  it('prints the ready line with the address it listens on', () => {
    const line = sandbox.stdout().split('\n')[0];
    assert.equal(line, `Blocks API ready at http://127.0.0.1:${sandbox.port}/aws-blocks/api`);
  });

  it('answers GET /.blocks-sandbox/config.json and writes the same file', async () => {
    const expected = { apiUrl: `http://localhost:${sandbox.port}/aws-blocks/api`, environment: 'sandbox' };
    const response = await fetch(`${sandbox.url}/.blocks-sandbox/config.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await response.json(), expected);
    assert.equal(await app.read('.blocks-sandbox/config.json'), JSON.stringify(expected, null, 2));
  });

  it('serves a JSON-RPC call of the backend', async () => {
    const reply = await callRpc(sandbox.apiUrl, 'api.greet', ['Ada']);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { jsonrpc: '2.0', result: { message: 'Hello, Ada!' }, id: reply.body.id });
  });

  it('encodes an ApiError with its status and name', async () => {
    const reply = await callRpc(sandbox.apiUrl, 'api.refuse');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.error, {
      code: 403,
      message: 'Not allowed here',
      data: { name: 'ForbiddenException' },
    });
  });

  it('shows the real message of an unexpected error in the sandbox', async () => {
    const reply = await callRpc(sandbox.apiUrl, 'api.crash');
    assert.equal(reply.body.error.code, 500);
    assert.equal(reply.body.error.message, 'disk full at /var/lib/internal');
  });

  it('delivers every Set-Cookie value a method appends', async () => {
    const reply = await callRpc(sandbox.apiUrl, 'api.twoCookies');
    assert.equal(reply.body.result, true);
    assert.deepEqual(reply.setCookies, ['first=1; Path=/; HttpOnly', 'second=2; Path=/']);
  });

  it('keeps cookies like a browser: sent back on later calls, deleted by Max-Age=0', async () => {
    const client = new RpcClient(sandbox.apiUrl);
    assert.equal((await client.call('api.receivedCookies')).body.result, null);
    await client.call('api.twoCookies');
    assert.equal((await client.call('api.receivedCookies')).body.result, 'first=1; second=2');
    await client.call('api.forgetFirstCookie');
    assert.equal((await client.call('api.receivedCookies')).body.result, 'second=2');
    assert.equal((await client.clone().call('api.receivedCookies')).body.result, 'second=2');
  });

  it('logs calls with a password argument redacted', async () => {
    const reply = await callRpc(sandbox.apiUrl, 'api.signIn', ['alice', 'hunter2-secret-pw']);
    assert.deepEqual(reply.body.result, { username: 'alice', accepted: true });
    await sandbox.waitForOutput('[rpc-call] api.signIn');
    await sandbox.waitForOutput('[rpc-ok] api.signIn');
    assert.match(sandbox.stdout(), /\[rpc-call\] api\.signIn \["alice","\[REDACTED\]"\]/);
    assert.doesNotMatch(sandbox.stdout() + sandbox.stderr(), /hunter2-secret-pw/);
  });

  it('logs the stack of an unexpected error on stderr', async () => {
    await sandbox.waitForOutput('[rpc-err] api.crash');
    assert.match(sandbox.stderr(), /\[rpc-err\] api\.crash[^\n]*disk full/);
    assert.match(sandbox.stderr(), /aws-blocks\/index\.ts:\d+:\d+/);
  });
});

describe('blockyard sandbox --quiet', () => {
  it('prints the ready line but no request lines', async () => {
    const app = await createTempApp(testAppFiles(), 'cli-quiet');
    const sandbox = await startSandbox({
      appDir: app.appDir,
      args: ['--no-watch', '--quiet'],
      env: { BLOCKS_DATA_DIR: app.dataDir },
    });
    try {
      const reply = await callRpc(sandbox.apiUrl, 'api.signIn', ['bob', 'another-secret-pw']);
      assert.equal(reply.body.result.accepted, true);
      assert.equal((await callRpc(sandbox.apiUrl, 'api.greet', ['Bob'])).body.result.message, 'Hello, Bob!');
      const status = await sandbox.stop();
      assert.equal(status.code, 0);
      assert.match(sandbox.stdout(), /^Blocks API ready at /);
      assert.doesNotMatch(sandbox.stdout(), /\[rpc-/);
      assert.doesNotMatch(sandbox.stdout() + sandbox.stderr(), /another-secret-pw/);
    } finally {
      await sandbox.stop();
      await app.remove();
    }
  });

  it('is also what BLOCKS_DEV_QUIET asks for', async () => {
    const app = await createTempApp(testAppFiles(), 'cli-quiet-env');
    const sandbox = await startSandbox({
      appDir: app.appDir,
      args: ['--no-watch'],
      env: { BLOCKS_DATA_DIR: app.dataDir, BLOCKS_DEV_QUIET: '1' },
    });
    try {
      assert.equal((await callRpc(sandbox.apiUrl, 'api.greet', ['Cy'])).body.result.message, 'Hello, Cy!');
      await sandbox.stop();
      assert.doesNotMatch(sandbox.stdout(), /\[rpc-/);
    } finally {
      await sandbox.stop();
      await app.remove();
    }
  });
});
