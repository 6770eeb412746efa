// Nothing secret reaches the server's output: with the sandbox's request log on, a whole account
// lifecycle over setAuthState leaves no password, verification code or session token in stdout/stderr
// (brief: "never log passwords, codes, tokens"; ARCHITECTURE D-19), while the auth events are there.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD } from './apps.js';
import { type AuthFixture, startAuthApp } from './fixture.js';
import { expectConfirmingSignUp, expectSignedIn, expectSignedOut, resultOf } from './states.js';
import { engines, randomId } from './support.js';

const [sqlite] = engines();

describe('AuthBasic output', () => {
  let app: AuthFixture;
  before(async () => {
    app = await startAuthApp(sqlite!, { codeDelivery: true, accountActions: true }, { args: ['--no-watch'] });
  });
  after(async () => {
    await app?.close();
  });

  it('logs the auth events but no password, code or session token', async () => {
    const username = `log-${randomId()}`;
    const secrets: string[] = [PASSWORD];
    const b = app.browser();
    expectConfirmingSignUp(
      await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
      username,
    );
    const code = await app.nextCode(username, 0);
    expectSignedIn(
      await b.setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
      username,
    );
    secrets.push(b.jar.get(app.names.cookieName) ?? '');
    const wrong = 'wrong-secret-pass-7';
    secrets.push(wrong);
    resultOf(await app.browser().setAuthState({ action: 'signIn', username, password: wrong }));
    const changed = 'changed-secret-pass-8';
    secrets.push(changed);
    expectSignedIn(
      await b.setAuthState({ action: 'changePassword', currentPassword: PASSWORD, newPassword: changed }),
      username,
    );
    secrets.push(b.jar.get(app.names.cookieName) ?? '');
    const r = app.browser();
    resultOf(await r.setAuthState({ action: 'resetPassword', username }));
    const resetCode = await app.nextCode(username, 1);
    const reset = 'reset-secret-pass-9';
    secrets.push(reset);
    expectSignedOut(
      await r.setAuthState({ action: 'confirmResetPassword', username, code: resetCode, newPassword: reset }),
      true,
    );
    const last = app.browser();
    expectSignedIn(await last.setAuthState({ action: 'signIn', username, password: reset }), username);
    secrets.push(last.jar.get(app.names.cookieName) ?? '');
    expectSignedOut(await last.setAuthState({ action: 'signOut' }), true);

    const output = app.server.stdout() + app.server.stderr();
    assert.ok(output.includes('[rpc-call] authApi.setAuthState'), 'the request log is on');
    assert.ok(output.includes(username), 'the auth events name the user');
    for (const secret of secrets) {
      assert.ok(secret.length > 0);
      assert.equal(output.includes(secret), false, `a secret of ${secret.length} characters was logged`);
    }
    for (const delivered of [code, resetCode]) {
      assert.equal(new RegExp(`(?<!\\d)${delivered}(?!\\d)`).test(output), false, 'a code was logged');
    }
    for (const hash of ['$argon2id$', '$2b$', '$2a$']) assert.equal(output.includes(hash), false);
  });
});
