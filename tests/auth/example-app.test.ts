// The repository's example backends, served as users run them: the ARCHITECTURE §1 backend verbatim
// (examples/auth-basic-app) and its code-delivery variant (examples/auth-basic-codes).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PASSWORD } from './apps.js';
import { expectConfirmingSignUp, expectSignedIn, resultOf } from './states.js';
import { Browser, pollFor, post, ROOT, type RunningServer, randomId, startServer } from './support.js';

const VERBATIM_BACKEND = `import { ApiNamespace, Scope } from '@aws-blocks/blocks';
import { AuthBasic } from '@aws-blocks/bb-auth-basic';
const scope = new Scope('my-app');
const auth = new AuthBasic(scope, 'auth', {
  sessionDuration: 86400,
  passwordPolicy: { minLength: 8, requireDigits: true },
});
export const api = new ApiNamespace(scope, 'api', (context) => ({
  async getProfile() {
    const user = await auth.requireAuth(context);
    return { username: user.username, createdAt: user.createdAt };
  },
}));
export const authApi = auth.createApi();
`;

async function serve(appDir: string): Promise<{ server: RunningServer; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'blockyard-example-'));
  const server = await startServer({ appDir, env: { BLOCKS_DATA_DIR: dataDir } });
  return { server, dataDir };
}

describe('examples/auth-basic-app', () => {
  let running: { server: RunningServer; dataDir: string };
  before(async () => {
    running = await serve(join(ROOT, 'examples/auth-basic-app'));
  });
  after(async () => {
    await running?.server.stop();
    if (running) await rm(running.dataDir, { recursive: true, force: true });
  });

  it('is the ARCHITECTURE §1 backend verbatim', async () => {
    const source = await readFile(join(ROOT, 'examples/auth-basic-app/aws-blocks/index.ts'), 'utf8');
    assert.equal(source, VERBATIM_BACKEND);
  });

  it('signs up through authApi.setAuthState and answers api.getProfile with the cookie', async () => {
    const b = new Browser(running.server.apiUrl);
    const username = `ada-${randomId()}`;
    const signUp = await b.setAuthState({ action: 'signUp', username, password: PASSWORD });
    const { user } = expectSignedIn(signUp, username);
    assert.ok(
      signUp.setCookies.some((line) =>
        /^auth_my-app-auth=ey[^;]+; HttpOnly; SameSite=Lax; Max-Age=86400; Path=\/$/.test(line),
      ),
    );
    const profile = await post(
      running.server.apiUrl,
      '{"jsonrpc":"2.0","method":"api.getProfile","params":[],"id":7}',
      { cookie: b.cookieHeader() },
    );
    assert.equal(
      profile.text,
      `{"jsonrpc":"2.0","result":{"username":"${username}","createdAt":"${user.createdAt}"},"id":7}`,
    );
    const weak = resultOf(
      await new Browser(running.server.apiUrl).setAuthState({
        action: 'signUp',
        username: `x-${randomId()}`,
        password: 'no-digits-here',
      }),
    );
    assert.equal(weak.errorName, 'InvalidPasswordException');
  });
});

describe('examples/auth-basic-codes', () => {
  let running: { server: RunningServer; dataDir: string };
  before(async () => {
    running = await serve(join(ROOT, 'examples/auth-basic-codes'));
  });
  after(async () => {
    await running?.server.stop();
    if (running) await rm(running.dataDir, { recursive: true, force: true });
  });

  it('prints the verification code, which confirms the sign-up', async () => {
    const b = new Browser(running.server.apiUrl);
    const username = `grace-${randomId()}`;
    expectConfirmingSignUp(
      await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
      username,
    );
    const pattern = new RegExp(`Verification code for ${username}: (\\d{6})`);
    const code = await pollFor(async () => pattern.exec(running.server.stdout())?.[1]);
    assert.ok(code, `code printed: ${running.server.stdout().slice(-500)}`);
    expectSignedIn(
      await b.setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
      username,
    );
    assert.equal(resultOf(await b.call('api.getProfile')).username, username);
  });
});
