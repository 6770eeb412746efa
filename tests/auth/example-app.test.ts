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

  it('e-mails the verification code to the local mailbox, and that code confirms the sign-up', async () => {
    const b = new Browser(running.server.apiUrl);
    // Codes go out by e-mail, so the username is an address.
    const username = `grace-${randomId()}@example.com`;
    expectConfirmingSignUp(
      await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
      username,
    );
    // Without BLOCKS_EMAIL_URL the EmailClient `my-app`/`email` keeps its mail in the data folder.
    const mailbox = join(running.dataDir, 'my-app-email', 'emails.json');
    const code = await pollFor(async () => {
      const text = await readFile(mailbox, 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      const messages = JSON.parse(text) as Array<{ to: string[]; body: string }>;
      const message = messages.findLast((entry) => entry.to.includes(username));
      return message ? /^\s+(\d{6})$/m.exec(message.body)?.[1] : undefined;
    });
    assert.ok(code, `a code e-mailed to ${username} in ${mailbox}`);
    expectSignedIn(
      await b.setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
      username,
    );
    assert.equal(resultOf(await b.call('api.getProfile')).username, username);
  });
});
