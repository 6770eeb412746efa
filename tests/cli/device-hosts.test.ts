// Emulators and phones reach the sandbox (D-20, D-06 as amended): bound to every interface it answers
// for this machine's addresses and the Android emulator's 10.0.2.2 and prints their URLs; --allow-host
// adds a name; any other Host still gets 421; over plain HTTP the session cookie has no Secure.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createTempApp,
  REPO_ROOT,
  rpc,
  type SandboxProcess,
  startSandbox,
  type TempApp,
} from '../support/index.js';

const EXAMPLE_SOURCE = readFileSync(join(REPO_ROOT, 'examples/auth-basic-app/aws-blocks/index.ts'), 'utf8');

function lanAddress(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    const found = entries?.find((e) => !e.internal && e.family === 'IPv4');
    if (found) return found.address;
  }
  return undefined;
}

describe('the sandbox for devices (--host 0.0.0.0, --allow-host)', () => {
  let app: TempApp;
  let sandbox: SandboxProcess;
  before(async () => {
    app = await createTempApp({ 'aws-blocks/index.ts': EXAMPLE_SOURCE }, 'device-hosts');
    sandbox = await startSandbox({
      appDir: app.appDir,
      args: ['--no-watch', '--quiet', '--host', '0.0.0.0', '--allow-host', 'devbox.local'],
      env: { BLOCKS_DATA_DIR: app.dataDir, BLOCKS_CODEGEN: 'off' },
    });
  });
  after(async () => {
    await sandbox?.stop();
    await app?.remove();
  });

  it('prints the URLs for the emulator, the allowed name and the LAN', async () => {
    const port = sandbox.port;
    await sandbox.waitForOutput(`Android emulator: http://10.0.2.2:${port}/aws-blocks/api`);
    await sandbox.waitForOutput(`Allowed host: http://devbox.local:${port}/aws-blocks/api`);
    const lan = lanAddress();
    if (lan)
      await sandbox.waitForOutput(`LAN (phones, other machines): http://${lan}:${port}/aws-blocks/api`);
  });

  it('answers those hosts with a session cookie without Secure, and refuses any other host', async () => {
    const port = sandbox.port;
    const lan = lanAddress();
    const hosts = [`10.0.2.2:${port}`, `devbox.local:${port}`, ...(lan ? [`${lan}:${port}`] : [])];
    for (const [i, host] of hosts.entries()) {
      const reply = await rpc(
        sandbox.apiUrl,
        'authApi.setAuthState',
        [{ action: 'signUp', username: `device_${i}`, password: 'correct-horse-42' }],
        { host },
      );
      assert.equal(reply.status, 200, host);
      assert.equal(reply.body?.result?.state, 'signedIn', host);
      const cookie = reply.setCookies.find((line) => line.startsWith('auth_')) ?? '';
      assert.match(cookie, /; HttpOnly; SameSite=Lax; Max-Age=\d+; Path=\/$/, host);
    }
    for (const host of [`evil.test:${port}`, `10.0.2.3:${port}`]) {
      const reply = await rpc(sandbox.apiUrl, 'authApi.getAuthState', [], { host });
      assert.equal(reply.status, 421, host);
      assert.equal(reply.body?.name, 'HostNotAllowed', host);
    }
  });
});
