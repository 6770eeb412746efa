// Two production servers (`blockyard start`) on one engine act as one service (ARCHITECTURE §3): any
// instance serves any session, and revocations, lockout counters, code waits and signing keys hold
// across instances.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD } from './apps.js';
import { type AuthFixture, signUpConfirmed, startAuthApp } from './fixture.js';
import {
  Errors,
  errorOf,
  expectAuthError,
  expectConfirmingSignUp,
  expectSignedIn,
  expectSignedOut,
  resultOf,
} from './states.js';
import { Browser, engines, type RunningServer, randomId } from './support.js';

for (const engine of engines()) {
  describe(`AuthBasic on two production instances (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    let second: RunningServer;
    before(async () => {
      app = await startAuthApp(engine, { codeDelivery: true }, { command: 'start' });
      second = await app.another('start');
    });
    after(async () => {
      await app?.close();
    });

    it('confirms on one instance what the other delivered, and shares sessions and revocations', async () => {
      const username = `multi-${randomId()}`;
      const onA = app.browser();
      expectConfirmingSignUp(
        await onA.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      const early = resultOf(
        await new Browser(second.apiUrl).setAuthState({ action: 'resendSignUpCode', username }),
      );
      assert.equal(early.errorName, Errors.TooManyAttempts, 'the resend wait holds across instances');
      const code = await app.nextCode(username, 0);

      const onB = onA.clone(second.apiUrl);
      expectSignedIn(
        await onB.setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
        username,
      );
      const backOnA = onB.clone(app.apiUrl);
      assert.equal(resultOf(await backOnA.call('api.getProfile')).username, username);
      expectSignedIn(await backOnA.getAuthState(), username);

      const copyOnB = backOnA.clone(second.apiUrl);
      expectSignedOut(await backOnA.setAuthState({ action: 'signOut' }), true);
      assert.equal(errorOf(await copyOnB.call('api.getProfile')).data.name, Errors.SessionExpired);
    });

    it('counts failed sign-ins across instances', async () => {
      const username = `multi-lock-${randomId()}`;
      const b = app.browser();
      await signUpConfirmed(app, username, b);
      const urls = [app.apiUrl, second.apiUrl, app.apiUrl];
      for (const [i, url] of urls.entries()) {
        expectAuthError(
          await new Browser(url).setAuthState({
            action: 'signIn',
            username,
            password: `wrong-password-${i}`,
          }),
          Errors.InvalidCredentials,
        );
      }
      expectAuthError(
        await new Browser(second.apiUrl).setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.TooManyAttempts,
      );
    });

    it('lets a parallel burst across both instances check no more than maxFailures passwords (D-14)', async () => {
      const username = `multi-burst-${randomId()}`;
      await signUpConfirmed(app, username);
      const urls = [app.apiUrl, second.apiUrl];
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          new Browser(urls[i % 2] as string).setAuthState({
            action: 'signIn',
            username,
            password: `wrong-password-${i}`,
          }),
        ),
      );
      const names = replies.map((reply) => resultOf(reply).errorName);
      assert.equal(names.filter((n) => n === Errors.InvalidCredentials).length, 3, 'maxFailures is 3');
      assert.equal(names.filter((n) => n === Errors.TooManyAttempts).length, 37);
      expectAuthError(
        await new Browser(second.apiUrl).setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.TooManyAttempts,
      );
    });

    it('bounds guesses of the current password through changePassword with a stolen session', async () => {
      const username = `multi-change-${randomId()}`;
      const owner = app.browser();
      await signUpConfirmed(app, username, owner);
      const urls = [app.apiUrl, second.apiUrl];
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          owner.clone(urls[i % 2]).call('testApi.changePassword', `wrong-password-${i}`, 'taken-over-1'),
        ),
      );
      const names = replies.map((reply) => errorOf(reply).data.name);
      assert.equal(names.filter((n) => n === Errors.InvalidCredentials).length, 3);
      assert.equal(names.filter((n) => n === Errors.TooManyAttempts).length, 37);
      const right = errorOf(
        await owner.clone(second.apiUrl).call('testApi.changePassword', PASSWORD, 'taken-over-1'),
      );
      assert.equal(right.data.name, Errors.TooManyAttempts);
    });

    it('signs new sessions on every instance with a key rotated on one of them (D-13)', async () => {
      const username = `multi-key-${randomId()}`;
      const b = app.browser();
      await signUpConfirmed(app, username, b);
      const kid = resultOf(await app.browser().call('testApi.rotateSigningKey'));
      const onB = new Browser(second.apiUrl);
      expectSignedIn(await onB.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);
      const token = onB.jar.get(app.names.cookieName) ?? '';
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
      assert.equal(header.kid, kid);
      assert.equal(resultOf(await onB.clone(app.apiUrl).call('api.getProfile')).username, username);
      assert.equal(resultOf(await b.clone(second.apiUrl).call('api.getProfile')).username, username);
    });
  });
}
