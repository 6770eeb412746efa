// Users, sessions, revocations and pending codes live in the engine: they survive stopping the server
// and starting it again on the same SQLite data folder or the same PostgreSQL database.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
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
import { engines, randomId } from './support.js';

for (const engine of engines()) {
  describe(`AuthBasic across a restart (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    before(async () => {
      app = await startAuthApp(engine, { codeDelivery: true });
    });
    after(async () => {
      await app?.close();
    });

    it('keeps users, sessions, revocations and pending codes', async () => {
      const username = `keep-${randomId()}`;
      const kept = app.browser();
      const { user } = await signUpConfirmed(app, username, kept);
      const revoked = kept.clone();
      const ended = app.browser();
      expectSignedIn(await ended.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);
      const endedCopy = ended.clone();
      expectSignedOut(await ended.setAuthState({ action: 'signOut' }), true);

      const pendingName = `pending-${randomId()}`;
      const pending = app.browser();
      expectConfirmingSignUp(
        await pending.setAuthState({ action: 'signUp', username: pendingName, password: PASSWORD }),
        pendingName,
      );
      const pendingCode = await app.nextCode(pendingName, 0);

      await app.restart();

      const keptAfter = kept.clone(app.apiUrl);
      assert.deepEqual(resultOf(await keptAfter.call('api.getProfile')), {
        username,
        createdAt: user.createdAt,
      });
      expectSignedIn(await keptAfter.getAuthState(), username);
      assert.equal(
        errorOf(await endedCopy.clone(app.apiUrl).call('api.getProfile')).data.name,
        Errors.SessionExpired,
      );
      expectSignedIn(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        username,
      );
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: 'wrong-password-1' }),
        Errors.InvalidCredentials,
      );

      const pendingAfter = pending.clone(app.apiUrl);
      expectConfirmingSignUp(await pendingAfter.getAuthState(), pendingName);
      expectSignedIn(
        await pendingAfter.setAuthState({
          action: 'confirmSignUp',
          username: pendingName,
          code: pendingCode,
          password: PASSWORD,
        }),
        pendingName,
      );

      expectSignedOut(await keptAfter.setAuthState({ action: 'signOut' }), true);
      assert.equal(
        errorOf(await revoked.clone(app.apiUrl).call('api.getProfile')).data.name,
        Errors.SessionExpired,
      );
    });

    it('delivers a code queued before the server was killed, after the restart (D-15)', async () => {
      const username = `queued-${randomId()}`;
      const hold = `${app.app.codesFile}.hold`;
      await writeFile(hold, '');
      const b = app.browser();
      expectConfirmingSignUp(
        await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      assert.deepEqual(await app.codes(username), [], 'the answer came; the delivery hangs');
      // The killed process never delivers; the next one must find the queued item.
      await rm(hold);
      await app.restart('SIGKILL');
      const code = await app.nextCode(username, 0);
      expectSignedIn(
        await b
          .clone(app.apiUrl)
          .setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
        username,
      );
    });
  });
}
