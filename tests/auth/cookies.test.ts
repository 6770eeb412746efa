// The session cookie over real HTTP: exact Set-Cookie lines (R-629, R-630 with D-08), the Secure decision
// (D-06: request transport, or under `start` a non-loopback Host, never Origin; X-Forwarded-Proto only
// behind a trusted proxy), and lookup by exact cookie name (D-07).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD } from './apps.js';
import { type AuthFixture, startAuthApp } from './fixture.js';
import { Errors, errorOf, expectSignedIn, expectSignedOut, resultOf } from './states.js';
import { Browser, engines, type Reply, randomId } from './support.js';

const JWT = '[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The one Set-Cookie line for `name` in a reply. */
function cookieLine(reply: Reply, name: string): string {
  const lines = reply.setCookies.filter((line) => line.startsWith(`${name}=`));
  assert.equal(lines.length, 1, `one ${name} cookie, got: ${reply.setCookies.join(' | ')}`);
  return lines[0] as string;
}

/** `auth_<fullId>=<jwt>; HttpOnly; <security attrs>; Max-Age=<sessionDuration>; Path=/` */
function sessionCookie(name: string, attrs: string): RegExp {
  return new RegExp(`^${escapeRegExp(name)}=${JWT}; HttpOnly; ${escapeRegExp(attrs)}; Max-Age=3600; Path=/$`);
}

/** R-630 as amended by D-08: `auth_<fullId>=; Max-Age=0; Path=/; HttpOnly; <security attrs>`. */
function clearingCookie(name: string, attrs: string): string {
  return `${name}=; Max-Age=0; Path=/; HttpOnly; ${attrs}`;
}

for (const engine of engines()) {
  describe(`AuthBasic session cookie (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    let proxied: AuthFixture;
    let username: string;
    before(async () => {
      [app, proxied] = await Promise.all([
        // The loopback origins are listed for the `start` server of the Secure test (the sandbox allows them anyway).
        startAuthApp(
          engine,
          {},
          {
            env: {
              BLOCKS_ALLOWED_HOSTS: 'app.example.com',
              CORS_ALLOWED_ORIGINS: '^http://(localhost|127\\.0\\.0\\.1)(:\\d+)?$',
            },
          },
        ),
        startAuthApp(engine, {}, { env: { BLOCKS_TRUST_PROXY: '1' } }),
      ]);
      username = `cookie-${randomId()}`;
      expectSignedIn(
        await app.browser().setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      expectSignedIn(
        await proxied.browser().setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
    });
    after(async () => {
      await Promise.all([app?.close(), proxied?.close()]);
    });

    async function signInAndOut(b: Browser, fixture = app): Promise<{ set: string; cleared: string }> {
      const name = fixture.names.cookieName;
      const signedIn = await b.setAuthState({ action: 'signIn', username, password: PASSWORD });
      expectSignedIn(signedIn, username);
      const set = cookieLine(signedIn, name);
      const signedOut = await b.setAuthState({ action: 'signOut' });
      expectSignedOut(signedOut, false);
      return { set, cleared: cookieLine(signedOut, name) };
    }

    it('sets and clears the exact cookie lines on a loopback request', async () => {
      const name = app.names.cookieName;
      const { set, cleared } = await signInAndOut(app.browser());
      assert.match(set, sessionCookie(name, 'SameSite=Lax'));
      assert.equal(cleared, clearingCookie(name, 'SameSite=Lax'));
      for (const host of ['localhost', `localhost:${app.server.port}`, `[::1]:${app.server.port}`]) {
        const local = await signInAndOut(app.browser({ host }));
        assert.match(local.set, sessionCookie(name, 'SameSite=Lax'), host);
        assert.equal(local.cleared, clearingCookie(name, 'SameSite=Lax'), host);
      }
    });

    it('answers RPC calls with Cache-Control: no-store (D-08)', async () => {
      const b = app.browser();
      const reply = await b.setAuthState({ action: 'signIn', username, password: PASSWORD });
      assert.equal(reply.headers['cache-control'], 'no-store');
    });

    it('adds Secure under start for a non-loopback Host, and a loopback Origin does not remove it (D-06)', async () => {
      const name = app.names.cookieName;
      const started = await app.another('start');
      const cases: Record<string, string>[] = [
        { host: 'app.example.com' },
        { host: 'app.example.com', origin: 'http://localhost' },
        { host: 'app.example.com', origin: `http://127.0.0.1:${started.port}` },
      ];
      for (const headers of cases) {
        const { set, cleared } = await signInAndOut(new Browser(started.apiUrl, headers));
        assert.match(set, sessionCookie(name, 'SameSite=Lax; Secure'), JSON.stringify(headers));
        assert.equal(cleared, clearingCookie(name, 'SameSite=Lax; Secure'), JSON.stringify(headers));
      }
    });

    it('leaves Secure off in the sandbox over plain HTTP whatever the Host, so devices keep the session (D-06)', async () => {
      const name = app.names.cookieName;
      const { set, cleared } = await signInAndOut(app.browser({ host: 'app.example.com' }));
      assert.match(set, sessionCookie(name, 'SameSite=Lax'));
      assert.equal(cleared, clearingCookie(name, 'SameSite=Lax'));
    });

    it('ignores X-Forwarded-Proto unless BLOCKS_TRUST_PROXY is set (D-06)', async () => {
      const forwarded = { 'x-forwarded-proto': 'https' };
      const untrusted = await signInAndOut(app.browser(forwarded));
      assert.match(untrusted.set, sessionCookie(app.names.cookieName, 'SameSite=Lax'));

      const name = proxied.names.cookieName;
      const trusted = await signInAndOut(proxied.browser(forwarded), proxied);
      assert.match(trusted.set, sessionCookie(name, 'SameSite=Lax; Secure'));
      assert.equal(trusted.cleared, clearingCookie(name, 'SameSite=Lax; Secure'));
      const plain = await signInAndOut(proxied.browser({ 'x-forwarded-proto': 'http' }), proxied);
      assert.match(plain.set, sessionCookie(name, 'SameSite=Lax'));
    });

    it('finds the session cookie by exact name and ignores a decoy that ends with it (D-07)', async () => {
      const name = app.names.cookieName;
      const b = app.browser();
      expectSignedIn(await b.setAuthState({ action: 'signIn', username, password: PASSWORD }), username);
      const token = b.jar.get(name);
      assert.ok(token);

      const decoyFirst = app.browser({ cookie: `o${name}=forged.token.value; ${name}=${token}` });
      assert.equal(resultOf(await decoyFirst.call('api.getProfile')).username, username);
      expectSignedIn(await decoyFirst.getAuthState(), username);

      const decoyOnly = app.browser({ cookie: `o${name}=${token}; x${name}=${token}` });
      assert.equal(errorOf(await decoyOnly.call('api.getProfile')).data.name, Errors.SessionExpired);
      expectSignedOut(await decoyOnly.getAuthState(), false);

      const spaced = app.browser({ cookie: `theme=dark;${name}=${token};  other=1` });
      assert.equal(resultOf(await spaced.call('api.getProfile')).username, username);
    });
  });
}
