// Account lifecycle end to end (ARCHITECTURE D-13, D-18): the accountActions of the signedIn state,
// listing and revoking sessions, signing-key rotation without logging anyone out, and the admin API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD } from './apps.js';
import { type AuthFixture, signedIn, signedUp, startAuthApp } from './fixture.js';
import { Errors, errorOf, expectAuthError, expectSignedIn, expectSignedOut, resultOf } from './states.js';
import { type Browser, engines, randomId } from './support.js';

/** The decoded JOSE header of a session token. */
function tokenHeader(b: Browser, cookieName: string): Record<string, unknown> {
  const token = b.jar.get(cookieName);
  assert.ok(token, 'session cookie present');
  const [header = ''] = token.split('.');
  return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
}

for (const engine of engines()) {
  describe(`AuthBasic account lifecycle (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    before(async () => {
      app = await startAuthApp(engine, { accountActions: true });
    });
    after(async () => {
      await app?.close();
    });

    it('offers changePassword and deleteAccount in signedIn with accountActions (D-18)', async () => {
      const username = `acts-${randomId()}`;
      const b = await signedUp(app, username);
      const state = resultOf(await b.getAuthState());
      assert.deepEqual(
        state.actions.map((action: { name: string; fields: { name: string; type: string }[] }) => [
          action.name,
          action.fields.map((f) => `${f.name}:${f.type}`),
        ]),
        [
          ['signOut', []],
          ['changePassword', ['currentPassword:password', 'newPassword:password']],
          ['deleteAccount', ['password:password']],
        ],
      );
    });

    it('changes the password through setAuthState and ends the other sessions', async () => {
      const username = `chg-${randomId()}`;
      const b = await signedUp(app, username);
      const other = await signedIn(app, username);
      expectAuthError(
        await b.setAuthState({
          action: 'changePassword',
          currentPassword: 'wrong-password-1',
          newPassword: 'changed-pass-61',
        }),
        Errors.InvalidCredentials,
        'signedIn',
      );
      expectAuthError(
        await b.setAuthState({
          action: 'changePassword',
          currentPassword: PASSWORD,
          newPassword: 'nodigits',
        }),
        Errors.InvalidPassword,
        'signedIn',
      );
      expectSignedIn(
        await b.setAuthState({
          action: 'changePassword',
          currentPassword: PASSWORD,
          newPassword: 'changed-pass-61',
        }),
        username,
      );
      assert.equal(resultOf(await b.call('api.getProfile')).username, username);
      assert.equal(errorOf(await other.call('api.getProfile')).data.name, Errors.SessionExpired);
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.InvalidCredentials,
      );
      await signedIn(app, username, 'changed-pass-61');
    });

    it('deletes the account through setAuthState: sessions end and the name is free again', async () => {
      const username = `del-${randomId()}`;
      const b = await signedUp(app, username);
      const copy = b.clone();
      const other = await signedIn(app, username);
      expectAuthError(
        await b.setAuthState({ action: 'deleteAccount', password: 'wrong-password-1' }),
        Errors.InvalidCredentials,
        'signedIn',
      );
      const deleted = await b.setAuthState({ action: 'deleteAccount', password: PASSWORD });
      expectSignedOut(deleted, false);
      assert.ok(deleted.setCookies.some((line) => line.startsWith(`${app.names.cookieName}=;`)));
      for (const gone of [copy, other]) {
        assert.equal(errorOf(await gone.call('api.getProfile')).data.name, Errors.SessionExpired);
      }
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.InvalidCredentials,
      );
      assert.deepEqual(resultOf(await app.browser().call('testApi.adminUsers', username)), []);
      await signedUp(app, username);
    });

    it('lists the sessions of the user and revokes one of them (D-18)', async () => {
      const username = `sess-${randomId()}`;
      const a = await signedUp(app, username);
      const b = await signedIn(app, username);
      const sessions = resultOf(await a.call('testApi.listSessions')) as {
        id: string;
        createdAt: string;
        expiresAt: string;
        current: boolean;
      }[];
      assert.equal(sessions.length, 2);
      assert.equal(sessions.filter((s) => s.current).length, 1);
      const otherId = sessions.find((s) => !s.current)?.id;
      assert.ok(otherId);
      assert.equal(resultOf(await a.call('testApi.revokeSession', otherId)), true);
      assert.equal(errorOf(await b.call('api.getProfile')).data.name, Errors.SessionExpired);
      assert.equal(resultOf(await a.call('api.getProfile')).username, username);
      assert.equal((resultOf(await a.call('testApi.listSessions')) as unknown[]).length, 1);
      assert.equal(resultOf(await a.call('testApi.revokeSession', otherId)), false);
      const anonymous = errorOf(await app.browser().call('testApi.listSessions'));
      assert.equal(anonymous.code, 401);
      assert.equal(anonymous.data.name, Errors.SessionExpired);
    });

    it('rotates the signing key without logging anyone out (D-13)', async () => {
      const username = `rot-${randomId()}`;
      const earlier = await signedUp(app, username);
      const oldKid = tokenHeader(earlier, app.names.cookieName).kid;
      assert.equal(typeof oldKid, 'string', 'tokens name their key');
      const kid = resultOf(await app.browser().call('testApi.rotateSigningKey'));
      assert.equal(typeof kid, 'string');
      assert.notEqual(kid, oldKid);
      assert.equal(resultOf(await earlier.call('api.getProfile')).username, username);
      const later = await signedIn(app, username);
      assert.equal(tokenHeader(later, app.names.cookieName).kid, kid);
      assert.equal(resultOf(await later.call('api.getProfile')).username, username);
      assert.equal(resultOf(await earlier.call('api.getProfile')).username, username);
    });

    it('disables, enables, ends the sessions of and deletes users through the admin API (D-18)', async () => {
      const username = `adm-${randomId()}`;
      const b = await signedUp(app, username);
      const admin = app.browser();
      const [listed] = resultOf(await admin.call('testApi.adminUsers', username));
      assert.deepEqual(Object.keys(listed).sort(), [
        'confirmed',
        'createdAt',
        'disabled',
        'userId',
        'username',
      ]);
      assert.equal(listed.confirmed, true);
      assert.equal(listed.disabled, false);

      assert.equal(resultOf(await admin.call('testApi.adminDisable', username)), true);
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.InvalidCredentials,
      );
      assert.equal(resultOf(await admin.call('testApi.adminUsers', username))[0].disabled, true);
      assert.equal(resultOf(await admin.call('testApi.adminEnable', username)), true);
      const again = await signedIn(app, username);

      assert.ok(resultOf(await admin.call('testApi.adminEndSessions', username)) >= 1);
      for (const ended of [b, again]) {
        assert.equal(errorOf(await ended.call('api.getProfile')).data.name, Errors.SessionExpired);
      }
      const last = await signedIn(app, username);
      assert.equal(resultOf(await admin.call('testApi.adminDelete', username)), true);
      assert.equal(errorOf(await last.call('api.getProfile')).data.name, Errors.SessionExpired);
      expectAuthError(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        Errors.InvalidCredentials,
      );
    });
  });
}
