// Verification codes end to end (ARCHITECTURE D-14…D-16): enumeration-safe sign-up, codes consumed only
// when the whole action succeeds, resend and its wait, the attempt cap, and resuming a confirming state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD } from './apps.js';
import { type AuthFixture, signUpConfirmed, startAuthApp } from './fixture.js';
import {
  Errors,
  expectAuthError,
  expectConfirmingSignUp,
  expectSignedIn,
  expectSignedOut,
  resultOf,
} from './states.js';
import { engines, type Reply, randomId } from './support.js';

/** A failed action: `errorName === name`, and the caller did not end up signed in. */
function expectRefused(reply: Reply, name: string): void {
  const state = resultOf(reply);
  assert.equal(state.errorName, name, `expected ${name}, got ${JSON.stringify(state)}`);
  assert.notEqual(state.state, 'signedIn');
}

/** A six-digit code that is not `code`. */
function wrongCode(code: string): string {
  return code === '999999' ? '100000' : String(Number(code) + 1);
}

for (const engine of engines()) {
  describe(`AuthBasic verification codes (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    before(async () => {
      app = await startAuthApp(engine, { codeDelivery: true });
    });
    after(async () => {
      await app?.close();
    });

    it('answers sign-up of a taken username like a new one and delivers nothing (D-15)', async () => {
      const username = `jo-${randomId()}`;
      await signUpConfirmed(app, username);
      assert.equal((await app.codes(username)).length, 1);

      const intruder = app.browser();
      expectConfirmingSignUp(
        await intruder.setAuthState({ action: 'signUp', username, password: 'intruder-pass-1' }),
        username,
      );
      assert.equal((await app.codes(username)).length, 1, 'no code delivered for a taken username');
      expectAuthError(
        await intruder.setAuthState({ action: 'signIn', username, password: 'intruder-pass-1' }),
        Errors.InvalidCredentials,
      );
      expectSignedIn(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        username,
      );
    });

    it('keeps the code usable when confirmSignUp fails on the password (D-16)', async () => {
      const username = `kim-${randomId()}`;
      const b = app.browser();
      expectConfirmingSignUp(
        await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      const code = await app.nextCode(username, 0);
      expectRefused(
        await b.setAuthState({ action: 'confirmSignUp', username, code, password: 'not-the-password-1' }),
        Errors.InvalidCredentials,
      );
      const missing = resultOf(await b.setAuthState({ action: 'confirmSignUp', username, code }));
      assert.notEqual(missing.state, 'signedIn');
      assert.equal(typeof missing.error, 'string', 'a missing password is reported');
      expectSignedIn(
        await b.setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
        username,
      );
      assert.equal(resultOf(await b.call('api.getProfile')).username, username);
    });

    it('keeps the reset code usable when the new password fails the policy (D-16)', async () => {
      const username = `lee-${randomId()}`;
      await signUpConfirmed(app, username);
      const b = app.browser();
      resultOf(await b.setAuthState({ action: 'resetPassword', username }));
      const code = await app.nextCode(username, 1);
      expectRefused(
        await b.setAuthState({
          action: 'confirmResetPassword',
          username,
          code,
          newPassword: 'nodigits-here',
        }),
        Errors.InvalidPassword,
      );
      expectSignedOut(
        await b.setAuthState({
          action: 'confirmResetPassword',
          username,
          code,
          newPassword: 'fresh-pass-31',
        }),
        true,
      );
      expectSignedIn(
        await b.setAuthState({ action: 'signIn', username, password: 'fresh-pass-31' }),
        username,
      );
    });

    it('resumes confirmingSignUp after a reload with the username pre-filled (D-16)', async () => {
      const username = `max-${randomId()}`;
      const b = app.browser();
      expectConfirmingSignUp(
        await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      expectConfirmingSignUp(await b.getAuthState(), username);
      expectSignedOut(await app.browser().getAuthState(), true);
      const code = await app.nextCode(username, 0);
      expectSignedIn(
        await b.setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
        username,
      );
      expectSignedIn(await b.getAuthState(), username);

      const r = app.browser();
      resultOf(await r.setAuthState({ action: 'resetPassword', username }));
      const resumed = resultOf(await r.getAuthState());
      assert.equal(resumed.state, 'confirmingPasswordReset', 'a reset resumes after a reload too');
      assert.equal(resumed.actions[0].fields[0].defaultValue, username);
    });

    it('resends a sign-up code only after codeResendSeconds, and the new code confirms (D-14, D-16)', async () => {
      const username = `ned-${randomId()}`;
      const b = app.browser();
      expectConfirmingSignUp(
        await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      const first = await app.nextCode(username, 0);

      const early = resultOf(await b.setAuthState({ action: 'resendSignUpCode', username }));
      assert.equal(early.errorName, Errors.TooManyAttempts, JSON.stringify(early));
      assert.equal((await app.codes(username)).length, 1, 'nothing delivered inside the wait');

      await app.advanceClock(30);
      const resent = resultOf(await b.setAuthState({ action: 'resendSignUpCode', username }));
      assert.equal(resent?.state, 'confirmingSignUp', JSON.stringify(resent));
      assert.equal(resent?.error, undefined);
      const second = await app.nextCode(username, 1);
      assert.notEqual(second, first);
      expectSignedIn(
        await b.setAuthState({ action: 'confirmSignUp', username, code: second, password: PASSWORD }),
        username,
      );
    });

    it('replaces a still-unconfirmed account once it expires (D-16, pendingSignUpSeconds: 60)', async () => {
      const username = `ola-${randomId()}`;
      const b = app.browser();
      expectConfirmingSignUp(
        await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      await app.nextCode(username, 0);
      const secondPassword = 'second-pass-22';
      await app.advanceClock(30);
      const refused = await b.setAuthState({ action: 'signUp', username, password: secondPassword });
      expectConfirmingSignUp(refused, username);
      assert.equal(
        (await app.codes(username)).length,
        1,
        'another password: nothing delivered before expiry',
      );
      await app.advanceClock(30);
      const again = await b.setAuthState({ action: 'signUp', username, password: secondPassword });
      expectConfirmingSignUp(again, username);
      const code = await app.nextCode(username, 1);
      assert.ok(code, 'signing up again delivers a new code once the pending account has expired');
      expectSignedIn(
        await b.setAuthState({ action: 'confirmSignUp', username, code, password: secondPassword }),
        username,
      );
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.InvalidCredentials,
      );
    });

    it('kills a code after codeAttempts wrong tries, then a resent code works (D-14)', async () => {
      const username = `pia-${randomId()}`;
      const b = app.browser();
      expectConfirmingSignUp(
        await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      const code = await app.nextCode(username, 0);
      for (let attempt = 0; attempt < 3; attempt++) {
        expectRefused(
          await b.setAuthState({
            action: 'confirmSignUp',
            username,
            code: wrongCode(code),
            password: PASSWORD,
          }),
          Errors.InvalidCode,
        );
      }
      const dead = resultOf(
        await b.setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
      );
      assert.notEqual(dead.state, 'signedIn', 'the right code fails after the attempt cap');
      assert.ok(
        dead.errorName === Errors.InvalidCode || dead.errorName === Errors.TooManyAttempts,
        JSON.stringify(dead),
      );
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.InvalidCredentials,
      );

      await app.advanceClock(30);
      const resentState = resultOf(await b.setAuthState({ action: 'resendSignUpCode', username }));
      assert.notEqual(resentState.errorName, Errors.TooManyAttempts, JSON.stringify(resentState));
      const fresh = await app.nextCode(username, 1);
      assert.ok(fresh);
      expectSignedIn(
        await b.setAuthState({ action: 'confirmSignUp', username, code: fresh, password: PASSWORD }),
        username,
      );
    });

    it('kills a reset code after codeAttempts wrong tries (D-14)', async () => {
      const username = `quin-${randomId()}`;
      await signUpConfirmed(app, username);
      const b = app.browser();
      resultOf(await b.setAuthState({ action: 'resetPassword', username }));
      const code = await app.nextCode(username, 1);
      for (let attempt = 0; attempt < 3; attempt++) {
        expectRefused(
          await b.setAuthState({
            action: 'confirmResetPassword',
            username,
            code: wrongCode(code),
            newPassword: 'fresh-pass-32',
          }),
          Errors.InvalidCode,
        );
      }
      const dead = resultOf(
        await b.setAuthState({
          action: 'confirmResetPassword',
          username,
          code,
          newPassword: 'fresh-pass-32',
        }),
      );
      assert.ok(
        dead.errorName === Errors.InvalidCode || dead.errorName === Errors.TooManyAttempts,
        JSON.stringify(dead),
      );
      expectAuthError(
        await b.setAuthState({ action: 'signIn', username, password: 'fresh-pass-32' }),
        Errors.InvalidCredentials,
      );
      expectSignedIn(await b.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);
    });
  });
}
