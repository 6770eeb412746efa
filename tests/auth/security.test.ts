// AuthBasic's hardening end to end (ARCHITECTURE D-10, D-13, D-14): lockout and its end, revocable
// sessions, one account under concurrent sign-ups, and legacy bcrypt hashes upgraded at sign-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import { PASSWORD } from './apps.js';
import { type AuthFixture, signedUp, signUpConfirmed, startAuthApp } from './fixture.js';
import {
  Errors,
  errorOf,
  expectAuthError,
  expectConfirmingReset,
  expectSignedIn,
  expectSignedOut,
  resultOf,
} from './states.js';
import { engines, randomId } from './support.js';

/** The stored password hash of a user record, in the reference format or as an object. */
function hashOf(record: unknown): string | undefined {
  const value = typeof record === 'string' && record.startsWith('{') ? JSON.parse(record) : record;
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const fields = value as Record<string, unknown>;
    const hash = fields.hash ?? fields.passwordHash;
    return typeof hash === 'string' ? hash : undefined;
  }
  return undefined;
}

for (const engine of engines()) {
  describe(`AuthBasic hardening without codeDelivery (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    before(async () => {
      app = await startAuthApp(engine);
    });
    after(async () => {
      await app?.close();
    });

    it('locks a username after maxFailures, refuses the right password while locked, then accepts it', async () => {
      const username = `lock-${randomId()}`;
      await signedUp(app, username);
      const bystander = `free-${randomId()}`;
      await signedUp(app, bystander);
      const b = app.browser();
      for (let i = 0; i < 3; i++) {
        expectAuthError(
          await b.setAuthState({ action: 'signIn', username, password: `wrong-password-${i}` }),
          Errors.InvalidCredentials,
        );
      }
      const locked = expectAuthError(
        await b.setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.TooManyAttempts,
      );
      assert.equal(locked.user, undefined);
      assert.equal(locked.retriable, true);
      assert.equal(b.jar.size, 0, 'no session cookie while locked');
      const thrown = errorOf(await b.call('testApi.signIn', username, PASSWORD));
      assert.equal(thrown.code, 429);
      assert.deepEqual(thrown.data, { name: Errors.TooManyAttempts, retriable: true });

      expectSignedIn(
        await app.browser().setAuthState({ action: 'signIn', username: bystander, password: PASSWORD }),
        bystander,
      );

      await app.advanceClock(30);
      const unlocked = resultOf(await b.setAuthState({ action: 'signIn', username, password: PASSWORD }));
      assert.equal(unlocked?.state, 'signedIn', `accepted after the lock: ${JSON.stringify(unlocked)}`);

      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: 'wrong-password-x' }),
        Errors.InvalidCredentials,
      );
      expectSignedIn(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        username,
      );
    });

    it('lets the owner’s browser past a lock others caused, with its device cookie (D-14)', async () => {
      const username = `device-${randomId()}`;
      await signedUp(app, username);
      const owner = app.browser();
      expectSignedIn(await owner.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);
      expectSignedOut(await owner.setAuthState({ action: 'signOut' }), false);
      assert.ok(owner.jar.has(`${app.names.cookieName}_device`), 'the device cookie outlives sign-out');
      for (let i = 0; i < 3; i++) {
        expectAuthError(
          await app.browser().setAuthState({ action: 'signIn', username, password: `wrong-password-${i}` }),
          Errors.InvalidCredentials,
        );
      }
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.TooManyAttempts,
      );
      expectSignedIn(await owner.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.TooManyAttempts,
      );
    });

    it('ends a copied session cookie at sign-out (D-13)', async () => {
      const username = `copy-${randomId()}`;
      const b = await signedUp(app, username);
      const copy = b.clone();
      assert.equal(resultOf(await copy.call('api.getProfile')).username, username);
      expectSignedOut(await b.setAuthState({ action: 'signOut' }), false);
      assert.equal(errorOf(await copy.call('api.getProfile')).data.name, Errors.SessionExpired);
      expectSignedOut(await copy.getAuthState(), false);
    });

    it('ends every session of the user with signOut everywhere (D-13)', async () => {
      const username = `every-${randomId()}`;
      const first = await signedUp(app, username);
      const second = app.browser();
      expectSignedIn(await second.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);
      const someoneElse = await signedUp(app, `other-${randomId()}`);

      expectSignedOut(await first.setAuthState({ action: 'signOut', everywhere: true }), false);
      assert.equal(errorOf(await second.call('api.getProfile')).data.name, Errors.SessionExpired);
      expectSignedOut(await second.getAuthState(), false);
      assert.equal(resultOf(await someoneElse.call('api.getProfile')).username.startsWith('other-'), true);
      expectSignedIn(await first.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);

      const third = app.browser();
      expectSignedIn(await third.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);
      const firstCopy = first.clone();
      assert.equal(resultOf(await first.call('testApi.signOutEverywhere')), true);
      for (const b of [firstCopy, third]) {
        assert.equal(errorOf(await b.call('api.getProfile')).data.name, Errors.SessionExpired);
      }
    });

    it('ends the other sessions on changePassword and keeps the current one (D-13, D-18)', async () => {
      const username = `change-${randomId()}`;
      const current = await signedUp(app, username);
      const other = app.browser();
      expectSignedIn(await other.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);
      const newPassword = 'changed-pass-55';
      assert.equal(resultOf(await current.call('testApi.changePassword', PASSWORD, newPassword)), true);
      assert.equal(resultOf(await current.call('api.getProfile')).username, username);
      assert.equal(errorOf(await other.call('api.getProfile')).data.name, Errors.SessionExpired);
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.InvalidCredentials,
      );
      expectSignedIn(
        await app.browser().setAuthState({ action: 'signIn', username, password: newPassword }),
        username,
      );
    });

    it('creates exactly one account when 30 sign-ups of one username race', async () => {
      const username = `race-${randomId()}`;
      const browsers = Array.from({ length: 30 }, () => app.browser());
      const replies = await Promise.all(
        browsers.map((b, i) => b.setAuthState({ action: 'signUp', username, password: `race-pass-${i}` })),
      );
      const states = replies.map((reply) => resultOf(reply));
      const winners = states.filter((s) => s.state === 'signedIn');
      assert.equal(winners.length, 1, JSON.stringify(states.map((s) => s.errorName ?? s.state)));
      for (const state of states.filter((s) => s.state !== 'signedIn')) {
        assert.equal(state.errorName, Errors.UserAlreadyExists, JSON.stringify(state));
      }
      const keys = (resultOf(await app.browser().call('testApi.userKeys', username)) as string[]).filter(
        (key) => key === username,
      );
      assert.deepEqual(keys, [username]);
      const listed = resultOf(await app.browser().call('testApi.adminUsers', username)) as {
        username: string;
      }[];
      assert.deepEqual(
        listed.map((user) => user.username),
        [username],
      );
      const winner = states.indexOf(winners[0]);
      expectSignedIn(
        await app.browser().setAuthState({ action: 'signIn', username, password: `race-pass-${winner}` }),
        username,
      );
      const loser = winner === 0 ? 1 : 0;
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: `race-pass-${loser}` }),
        Errors.InvalidCredentials,
      );
    });

    it('signs in with a legacy bcrypt record and re-hashes it to argon2id (D-10, R-611, R-612)', async () => {
      const b = app.browser();
      const createdAt = '2024-01-02T03:04:05.000Z';
      const cases = [
        { username: `bcrypt-b-${randomId()}`, prefix: '$2b$' },
        { username: `bcrypt-a-${randomId()}`, prefix: '$2a$' },
      ];
      for (const { username, prefix } of cases) {
        const hash = prefix + bcrypt.hashSync(PASSWORD, 4).slice(4);
        const record = JSON.stringify({ hash, createdAt });
        assert.equal(resultOf(await b.call('testApi.putUserRecord', username, record)), true);

        expectAuthError(
          await app.browser().setAuthState({ action: 'signIn', username, password: 'wrong-password-1' }),
          Errors.InvalidCredentials,
        );
        const signedIn = app.browser();
        const state = expectSignedIn(
          await signedIn.setAuthState({ action: 'signIn', username, password: PASSWORD }),
          username,
        );
        assert.equal(state.user.createdAt, createdAt);
        const upgraded = hashOf(resultOf(await b.call('testApi.userRecord', username)));
        assert.ok(
          upgraded?.startsWith('$argon2id$'),
          `stored hash upgraded (got prefix ${upgraded?.slice(0, 10)})`,
        );
        assert.deepEqual(resultOf(await signedIn.call('api.getProfile')), { username, createdAt });
        expectSignedIn(
          await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
          username,
        );
      }

      const bare = `bcrypt-bare-${randomId()}`;
      assert.equal(resultOf(await b.call('testApi.putUserRecord', bare, bcrypt.hashSync(PASSWORD, 4))), true);
      const state = expectSignedIn(
        await app.browser().setAuthState({ action: 'signIn', username: bare, password: PASSWORD }),
        bare,
      );
      assert.equal(state.user.createdAt, '1970-01-01T00:00:00.000Z');
      const upgraded = hashOf(resultOf(await b.call('testApi.userRecord', bare)));
      assert.ok(upgraded?.startsWith('$argon2id$'), 'bare legacy hash upgraded');
    });

    it('stores new passwords as argon2id with at least m=19 MiB, t=2, p=1 (D-10)', async () => {
      const username = `argon-${randomId()}`;
      await signedUp(app, username);
      const hash = hashOf(resultOf(await app.browser().call('testApi.userRecord', username)));
      const match = /^\$argon2id\$v=19\$([a-z]=\d+(?:,[a-z]=\d+)*)\$/.exec(hash ?? '');
      assert.ok(match?.[1], 'argon2id PHC string');
      const params = new Map(match[1].split(',').map((pair) => pair.split('=') as [string, string]));
      assert.ok(Number(params.get('m')) >= 19456, `m=${params.get('m')}`);
      assert.ok(Number(params.get('t')) >= 2, `t=${params.get('t')}`);
      assert.ok(Number(params.get('p')) >= 1, `p=${params.get('p')}`);
    });
  });

  describe(`AuthBasic session lifetime (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    before(async () => {
      app = await startAuthApp(engine, { sessionDuration: 3 });
    });
    after(async () => {
      await app?.close();
    });

    it('ends a session after sessionDuration seconds', async () => {
      const username = `short-${randomId()}`;
      const b = app.browser();
      const up = await b.setAuthState({ action: 'signUp', username, password: PASSWORD });
      expectSignedIn(up, username);
      assert.ok(up.setCookies.some((line) => line.endsWith('; Max-Age=3; Path=/')));
      assert.equal(resultOf(await b.call('api.getProfile')).username, username);
      // Token times are whole seconds: one second later the session is surely still valid, four
      // seconds later surely over.
      await app.advanceClock(1);
      assert.equal(resultOf(await b.call('api.getProfile')).username, username, 'still valid at 1 s');
      await app.advanceClock(3);
      const reply = await b.call('api.getProfile');
      const expired = reply.body?.error ? { error: reply.body.error, at: 4000 } : undefined;
      assert.equal(expired?.error.data.name, Errors.SessionExpired);
      assert.ok((expired?.at ?? 0) >= 2000, `expired after ${expired?.at} ms`);
      expectSignedOut(await b.getAuthState(), false);
    });
  });

  describe(`AuthBasic hardening with codeDelivery (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    before(async () => {
      app = await startAuthApp(engine, { codeDelivery: true });
    });
    after(async () => {
      await app?.close();
    });

    it('ends every session of the user when the password is reset (D-13)', async () => {
      const username = `reset-${randomId()}`;
      const first = app.browser();
      await signUpConfirmed(app, username, first);
      const second = app.browser();
      expectSignedIn(await second.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);

      const resetter = app.browser();
      expectConfirmingReset(await resetter.setAuthState({ action: 'resetPassword', username }));
      const resetCode = await app.nextCode(username, 1);
      const newPassword = 'after-reset-88';
      expectSignedOut(
        await resetter.setAuthState({
          action: 'confirmResetPassword',
          username,
          code: resetCode,
          newPassword,
        }),
        true,
      );
      for (const b of [first, second]) {
        assert.equal(errorOf(await b.call('api.getProfile')).data.name, Errors.SessionExpired);
        expectSignedOut(await b.getAuthState(), true);
      }
      expectSignedIn(
        await first.setAuthState({ action: 'signIn', username, password: newPassword }),
        username,
      );
    });
  });
}
