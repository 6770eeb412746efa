/**
 * The codes template, created outside the repository and installed from its vendor/ tarballs:
 * sign-up is confirmed with the code the sandbox prints, then getProfile and sign-out.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callRpc, pollUntil, REPO_ROOT } from '../support/index.js';
import { profileThenSignOut, sessionCookie } from './flow.js';
import {
  blockyard,
  cleanup,
  localPrebuilds,
  npmInstall,
  packPackages,
  startAppSandbox,
  tempDir,
} from './support.js';

const PASSWORD = 'correct-horse-42';

describe('an app made by blockyard create --template codes', { timeout: 900_000 }, () => {
  let appDir: string;

  before(async () => {
    const packed = await packPackages();
    appDir = join(await tempDir('app-codes'), 'codes-app');
    const created = await blockyard(
      ['create', appDir, '--template', 'codes', '--packages', packed.dir],
      REPO_ROOT,
    );
    assert.equal(created.code, 0, created.stderr);
    await npmInstall(appDir, await localPrebuilds());
  });
  after(cleanup);

  it('holds the codes backend', async () => {
    const backend = await readFile(join(appDir, 'aws-blocks/index.ts'), 'utf8');
    assert.match(backend, /codeDelivery/);
  });

  it('confirms sign-up with the printed code, then getProfile and sign out', async () => {
    const sandbox = await startAppSandbox(appDir);
    try {
      const signUp = await callRpc(sandbox.apiUrl, 'authApi.setAuthState', [
        { action: 'signUp', username: 'carol', password: PASSWORD },
      ]);
      assert.equal(signUp.body?.result?.state, 'confirmingSignUp', signUp.text);
      const codeLine = /Verification code for carol: (\d{6})/;
      await pollUntil(() => codeLine.test(sandbox.output()), {
        timeoutMs: 10_000,
        intervalMs: 50,
        description: 'the printed code',
      });
      const code = codeLine.exec(sandbox.output())![1]!;
      const confirmed = await callRpc(sandbox.apiUrl, 'authApi.setAuthState', [
        { action: 'confirmSignUp', username: 'carol', code, password: PASSWORD },
      ]);
      assert.equal(confirmed.body?.result?.state, 'signedIn', confirmed.text);
      const cookie = sessionCookie(confirmed);
      assert.ok(cookie);
      await profileThenSignOut(sandbox.apiUrl, cookie, 'carol');
    } finally {
      await sandbox.stop();
    }
  });
});
