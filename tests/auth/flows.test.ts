// The AuthBasic flows of reference-spec R-642 over real HTTP against the sandbox, with and without
// codeDelivery, on SQLite and on PostgreSQL; plus R-210, the error catalogue and D-17.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD } from './apps.js';
import { type AuthFixture, signUpConfirmed, startAuthApp } from './fixture.js';
import {
  Errors,
  errorOf,
  expectAuthError,
  expectConfirmingReset,
  expectConfirmingSignUp,
  expectSignedIn,
  expectSignedOut,
  resultOf,
  signedInState,
  signedOutState,
  withoutDescriptions,
} from './states.js';
import { engines, post, randomId } from './support.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

for (const engine of engines()) {
  describe(`AuthBasic flows without codeDelivery (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    before(async () => {
      app = await startAuthApp(engine);
    });
    after(async () => {
      await app?.close();
    });

    it('signs up into signedIn with a session cookie, keeps it, signs out with a clearing cookie', async () => {
      const b = app.browser();
      const username = `alice-${randomId()}`;
      const up = await b.setAuthState({ action: 'signUp', username, password: PASSWORD });
      const state = expectSignedIn(up, username);
      const createdAt: string = state.user.createdAt;
      assert.match(createdAt, ISO);
      assert.ok(
        up.text.includes(
          `"user":{"userId":"${username}","username":"${username}","createdAt":"${createdAt}"}`,
        ),
        'user keys in the order userId, username, createdAt (R-606)',
      );
      assert.deepEqual(state, signedInState(username, createdAt));
      assert.ok(
        up.setCookies.some((line) => line.startsWith(`${app.names.cookieName}=ey`)),
        `session cookie set: ${up.setCookies.join(' | ')}`,
      );

      assert.deepEqual(resultOf(await b.getAuthState()), signedInState(username, createdAt));

      const out = await b.setAuthState({ action: 'signOut' });
      expectSignedOut(out, false);
      assert.ok(out.setCookies.some((line) => line.startsWith(`${app.names.cookieName}=;`)));
      expectSignedOut(await b.getAuthState(), false);

      expectSignedIn(await b.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);
      assert.deepEqual(resultOf(await b.getAuthState()), signedInState(username, createdAt));
    });

    it('answers api.getProfile exactly as R-210 without and with the session cookie', async () => {
      const body = '{"jsonrpc":"2.0","method":"api.getProfile","params":[],"id":7}';
      const anonymous = await post(app.apiUrl, body);
      assert.equal(anonymous.status, 200);
      assert.equal(
        anonymous.text,
        '{"jsonrpc":"2.0","error":{"code":401,"message":"Authentication required","data":{"name":"SessionExpiredException"}},"id":7}',
      );

      const b = app.browser();
      const username = `bob-${randomId()}`;
      const { user } = expectSignedIn(
        await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      const signedIn = await post(app.apiUrl, body, { cookie: b.cookieHeader() });
      assert.equal(signedIn.status, 200);
      assert.equal(
        signedIn.text,
        `{"jsonrpc":"2.0","result":{"username":"${username}","createdAt":"${user.createdAt}"},"id":7}`,
      );

      const garbage = await post(app.apiUrl, body, { cookie: `${app.names.cookieName}=not-a-token` });
      assert.equal(errorOf(garbage).data.name, Errors.SessionExpired);
    });

    it('reports each failure as a named error inside the state (R-640, R-644)', async () => {
      const b = app.browser();
      const username = `carol-${randomId()}`;
      expectSignedIn(await b.setAuthState({ action: 'signUp', username, password: PASSWORD }), username);
      const other = app.browser();

      expectAuthError(
        await other.setAuthState({ action: 'signIn', username, password: 'wrong-password-1' }),
        Errors.InvalidCredentials,
      );
      expectAuthError(
        await other.setAuthState({ action: 'signIn', username: `nobody-${randomId()}`, password: PASSWORD }),
        Errors.InvalidCredentials,
      );
      expectAuthError(
        await other.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        Errors.UserAlreadyExists,
      );
      expectAuthError(
        await other.setAuthState({ action: 'signUp', username: `dave-${randomId()}`, password: 'short1' }),
        Errors.InvalidPassword,
      );
      expectAuthError(
        await other.setAuthState({
          action: 'signUp',
          username: `dave-${randomId()}`,
          password: 'long-enough-but-no-digit',
        }),
        Errors.InvalidPassword,
      );
      expectAuthError(
        await other.setAuthState({ action: 'confirmSignUp', username, code: '123456', password: PASSWORD }),
        Errors.InvalidCode,
      );
      expectAuthError(
        await other.setAuthState({
          action: 'confirmResetPassword',
          username,
          code: '123456',
          newPassword: 'another-pass-77',
        }),
        Errors.InvalidCode,
      );
      const reset = resultOf(await other.setAuthState({ action: 'resetPassword', username }));
      assert.equal(reset.state, 'signedOut');
      assert.equal(typeof reset.error, 'string');
      assert.equal(reset.errorName, undefined, 'a configuration error carries no errorName (R-640)');
      expectSignedOut(await other.getAuthState(), false);
    });

    it('throws the same names through the server methods, with their HTTP-like codes', async () => {
      const username = `erin-${randomId()}`;
      const b = app.browser();
      assert.equal(resultOf(await b.call('testApi.signUp', username, PASSWORD)), true);
      const wrong = errorOf(await b.call('testApi.signIn', username, 'wrong-password-1'));
      assert.equal(wrong.code, 401);
      assert.deepEqual(wrong.data, { name: Errors.InvalidCredentials });
      const taken = errorOf(await b.call('testApi.signUp', username, PASSWORD));
      assert.equal(taken.code, 409);
      assert.deepEqual(taken.data, { name: Errors.UserAlreadyExists });
      const weak = errorOf(await b.call('testApi.signUp', `frank-${randomId()}`, 'short1'));
      assert.equal(weak.code, 400);
      assert.deepEqual(weak.data, { name: Errors.InvalidPassword });
      const bad = errorOf(await b.call('testApi.signIn', '', PASSWORD));
      assert.equal(bad.code, 400);
      assert.deepEqual(bad.data, { name: Errors.InvalidParameter });
      const ok = await b.call('testApi.signIn', username, PASSWORD);
      assert.deepEqual(resultOf(ok), { username });
      assert.ok(ok.setCookies.some((line) => line.startsWith(`${app.names.cookieName}=ey`)));
      assert.equal(resultOf(await b.call('api.getProfile')).username, username);
    });

    it('canonicalises usernames: NFKC, trimmed, lower-cased (D-12)', async () => {
      const id = randomId();
      const b = app.browser();
      const { user } = expectSignedIn(
        await b.setAuthState({ action: 'signUp', username: `  Mixed-Case-${id} `, password: PASSWORD }),
        `mixed-case-${id}`,
      );
      assert.equal(user.userId, `mixed-case-${id}`);
      expectSignedIn(
        await app
          .browser()
          .setAuthState({ action: 'signIn', username: `MIXED-CASE-${id}`, password: PASSWORD }),
        `mixed-case-${id}`,
      );
      expectSignedIn(
        await app
          .browser()
          .setAuthState({ action: 'signIn', username: `ＭＩＸＥＤ-case-${id}`, password: PASSWORD }),
        `mixed-case-${id}`,
      );
      expectAuthError(
        await app
          .browser()
          .setAuthState({ action: 'signUp', username: `mixed-CASE-${id}`, password: PASSWORD }),
        Errors.UserAlreadyExists,
      );
    });

    it('verifies passwords whole and NFKC-normalised, and rejects common ones (D-11)', async () => {
      const long = `${'a'.repeat(72)}1`;
      const username = `long-${randomId()}`;
      expectSignedIn(
        await app.browser().setAuthState({ action: 'signUp', username, password: long }),
        username,
      );
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: `${'a'.repeat(72)}2` }),
        Errors.InvalidCredentials,
      );
      expectSignedIn(
        await app.browser().setAuthState({ action: 'signIn', username, password: long }),
        username,
      );

      const wide = `wide-${randomId()}`;
      expectSignedIn(
        await app
          .browser()
          .setAuthState({ action: 'signUp', username: wide, password: 'ｃｏｒｒｅｃｔ－ｈｏｒｓｅ－４２' }),
        wide,
      );
      expectSignedIn(
        await app.browser().setAuthState({ action: 'signIn', username: wide, password: PASSWORD }),
        wide,
      );

      expectAuthError(
        await app
          .browser()
          .setAuthState({ action: 'signUp', username: `common-${randomId()}`, password: 'password123' }),
        Errors.InvalidPassword,
      );
      expectAuthError(
        await app.browser().setAuthState({
          action: 'signUp',
          username: `toolong-${randomId()}`,
          password: `${'b1'.repeat(129)}`,
        }),
        Errors.InvalidPassword,
      );
    });

    it('keeps a signed-in caller signedIn when an action fails or is unknown (D-17)', async () => {
      const b = app.browser();
      const username = `gina-${randomId()}`;
      const { user } = expectSignedIn(
        await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      const signedIn = signedInState(username, user.createdAt);

      assert.deepEqual(resultOf(await b.setAuthState({ action: 'bogus' })), {
        ...signedIn,
        error: 'Unknown action: bogus',
      });
      for (const action of ['autoSignIn', 'confirmSignIn', 'signInWithPasskey']) {
        const state = resultOf(await b.setAuthState({ action, username }));
        assert.equal(state.state, 'signedIn', action);
        assert.equal(state.error, `Unknown action: ${action}`);
        assert.equal(state.errorName, undefined);
      }
      const failed = expectAuthError(
        await b.setAuthState({ action: 'signIn', username, password: 'wrong-password-1' }),
        Errors.InvalidCredentials,
        'signedIn',
      );
      assert.deepEqual(failed.user, signedIn.user);
      expectAuthError(
        await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        Errors.UserAlreadyExists,
        'signedIn',
      );
      expectAuthError(
        await b.setAuthState({ action: 'confirmSignUp', username, code: '123456', password: PASSWORD }),
        Errors.InvalidCode,
        'signedIn',
      );
      assert.deepEqual(resultOf(await b.getAuthState()), signedIn);
      assert.equal(resultOf(await b.call('api.getProfile')).username, username);

      const anonymous = app.browser();
      assert.deepEqual(withoutDescriptions(resultOf(await anonymous.setAuthState({ action: 'bogus' }))), {
        ...signedOutState(false),
        error: 'Unknown action: bogus',
      });
    });
  });

  describe(`AuthBasic flows with codeDelivery (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    before(async () => {
      app = await startAuthApp(engine, { codeDelivery: true });
    });
    after(async () => {
      await app?.close();
    });

    it('runs sign-up, confirmation, reset and sign-in as R-642 describes', async () => {
      const b = app.browser();
      const username = `hana-${randomId()}`;
      expectSignedOut(await b.getAuthState(), true);

      const up = await b.setAuthState({ action: 'signUp', username, password: PASSWORD });
      expectConfirmingSignUp(up, username);
      assert.equal(
        up.setCookies.filter((line) => line.startsWith(`${app.names.cookieName}=ey`)).length,
        0,
        'no session before confirmation',
      );
      // The outbox delivers right after the answer, not before it: wait for the delivery first.
      await app.nextCode(username, 0);
      const codes = await app.codes(username);
      assert.equal(codes.length, 1);
      const [code] = codes as [string];
      assert.match(code, /^[1-9]\d{5}$/);

      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.InvalidCredentials,
      );

      const confirmed = await b.setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD });
      const state = expectSignedIn(confirmed, username);
      assert.match(state.user.createdAt, ISO);
      assert.ok(confirmed.setCookies.some((line) => line.startsWith(`${app.names.cookieName}=ey`)));
      assert.equal(resultOf(await b.call('api.getProfile')).username, username);

      expectAuthError(
        await app.browser().setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
        Errors.InvalidCode,
      );

      const r = app.browser();
      expectConfirmingReset(await r.setAuthState({ action: 'resetPassword', username }));
      const resetCode = await app.nextCode(username, 1);
      assert.match(resetCode, /^[1-9]\d{5}$/);
      const newPassword = 'brand-new-pass-9';
      expectSignedOut(
        await r.setAuthState({ action: 'confirmResetPassword', username, code: resetCode, newPassword }),
        true,
      );
      expectAuthError(
        await r.setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.InvalidCredentials,
      );
      const again = expectSignedIn(
        await r.setAuthState({ action: 'signIn', username, password: newPassword }),
        username,
      );
      assert.equal(again.user.createdAt, state.user.createdAt, 'reset keeps createdAt');
    });

    it('answers a reset for an unknown user like for a real one and delivers nothing (R-643)', async () => {
      const nobody = `nobody-${randomId()}`;
      const unknown = expectConfirmingReset(
        await app.browser().setAuthState({ action: 'resetPassword', username: nobody }),
      );
      assert.deepEqual(await app.codes(nobody), []);

      const username = `real-${randomId()}`;
      const b = app.browser();
      await signUpConfirmed(app, username, b);
      const known = expectConfirmingReset(
        await app.browser().setAuthState({ action: 'resetPassword', username }),
      );
      assert.equal(
        JSON.stringify(unknown).replaceAll(nobody, '<u>'),
        JSON.stringify(known).replaceAll(username, '<u>'),
      );
    });

    it('offers resetPassword in signedOut and keeps the exact signedIn shape after confirmation', async () => {
      const b = app.browser();
      const username = `ivan-${randomId()}`;
      const state = await signUpConfirmed(app, username, b);
      assert.deepEqual(state, signedInState(username, state.user.createdAt));
      expectSignedOut(await b.setAuthState({ action: 'signOut' }), true);
    });
  });
}
