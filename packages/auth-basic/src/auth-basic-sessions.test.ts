// Sessions end to end on a real engine: the cookie lines (R-629/R-630, D-06, D-08, crossDomain),
// revocation (D-13), key rotation, expiry with an injected clock, and survival across instances.
import assert from 'node:assert/strict';
import { createHash, createSecretKey, type KeyObject, pbkdf2 } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KVStore } from '@blockyard/kv-store';
import { SETTINGS_TABLE } from '@blockyard/kv-store/testing';
import { SignJWT } from 'jose';
import { AuthBasicErrors } from './errors.js';
import { openSession } from './flows/sessions.js';
import { type SessionRecord, SessionStore } from './session/session-store.js';
import { act, Client, current, type Harness, makeAuth, rejection } from './test-support/harness.js';
import { type StoredUser, UserStore } from './user-store.js';

const PASSWORD = 'correct-horse-42';
const JWT = '[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+';

async function signedIn(h: Harness, username: string, client = new Client()): Promise<Client> {
  const { state } = await act(h.auth, client, { action: 'signIn', username, password: PASSWORD });
  assert.equal(state.state, 'signedIn', JSON.stringify(state));
  return client;
}

async function profile(h: Harness, client: Client): Promise<string> {
  try {
    return (await h.auth.requireAuth(client.context())).username;
  } catch (error) {
    return (error as Error).name;
  }
}

describe('session cookie lines (R-629, R-630, D-06, D-08)', () => {
  let h: Harness;
  let cross: Harness;
  before(async () => {
    h = await makeAuth({ sessionDuration: 3600, scopeId: 'my-app' });
    cross = await makeAuth({ sessionDuration: 3600, crossDomain: true, scopeId: 'my-app' });
    await h.auth.signUp('alice', PASSWORD);
    await cross.auth.signUp('alice', PASSWORD);
  });
  after(async () => {
    await h.close();
    await cross.close();
  });

  async function lines(harness: Harness, client: Client) {
    const signIn = await act(harness.auth, client, {
      action: 'signIn',
      username: 'alice',
      password: PASSWORD,
    });
    const signOut = await act(harness.auth, client, { action: 'signOut' });
    // The device cookie (D-14) has its own tests; these are about the session cookie.
    const session = (line: string) => line.startsWith(`${harness.auth.cookieName}=`);
    return { set: signIn.context.setCookies().filter(session), cleared: signOut.context.setCookies() };
  }

  it('names the cookie auth_<fullId>', () => {
    assert.equal(h.auth.cookieName, 'auth_my-app-auth');
  });

  it('sets SameSite=Lax without Secure on plain http to a loopback Host', async () => {
    for (const host of ['127.0.0.1:3001', 'localhost', 'localhost:3001', '[::1]:3001']) {
      const { set, cleared } = await lines(h, new Client({ headers: { host } }));
      assert.equal(set.length, 1);
      assert.match(
        set[0] as string,
        new RegExp(`^auth_my-app-auth=${JWT}; HttpOnly; SameSite=Lax; Max-Age=3600; Path=/$`),
      );
      assert.deepEqual(cleared, ['auth_my-app-auth=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax']);
    }
  });

  it('adds Secure for https, whatever the Host', async () => {
    const { set, cleared } = await lines(
      h,
      new Client({ url: 'https://localhost:3001/aws-blocks/api', headers: { host: 'localhost:3001' } }),
    );
    assert.match(set[0] as string, /; HttpOnly; SameSite=Lax; Secure; Max-Age=3600; Path=\/$/);
    assert.deepEqual(cleared, ['auth_my-app-auth=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax; Secure']);
  });

  it('adds Secure for a non-loopback Host, and a loopback Origin does not remove it', async () => {
    const cases: Record<string, string>[] = [
      { host: 'app.example.com' },
      { host: 'app.example.com', origin: 'http://localhost:3000' },
    ];
    for (const headers of cases) {
      const { set } = await lines(h, new Client({ url: 'http://app.example.com/aws-blocks/api', headers }));
      assert.match(
        set[0] as string,
        /; HttpOnly; SameSite=Lax; Secure; Max-Age=3600; Path=\/$/,
        JSON.stringify(headers),
      );
    }
  });

  it('uses SameSite=None; Secure; Partitioned with crossDomain, without Partitioned when local', async () => {
    const remote = await lines(
      cross,
      new Client({ url: 'https://api.example.com/aws-blocks/api', headers: { host: 'api.example.com' } }),
    );
    assert.match(
      remote.set[0] as string,
      /; HttpOnly; SameSite=None; Secure; Partitioned; Max-Age=3600; Path=\/$/,
    );
    assert.deepEqual(remote.cleared, [
      'auth_my-app-auth=; Max-Age=0; Path=/; HttpOnly; SameSite=None; Secure; Partitioned',
    ]);
    const local = await lines(cross, new Client());
    assert.match(local.set[0] as string, /; HttpOnly; SameSite=None; Secure; Max-Age=3600; Path=\/$/);
  });

  it('replaces an earlier Set-Cookie of the session cookie in the same response', async () => {
    const client = new Client();
    const context = client.context();
    context.response.headers.append('Set-Cookie', 'auth_my-app-auth=stale; Path=/');
    context.response.headers.append('Set-Cookie', 'theme=dark; Path=/');
    await h.auth.signIn('alice', PASSWORD, context);
    const set = context.setCookies();
    assert.equal(set.filter((line) => line.startsWith('auth_my-app-auth=')).length, 1);
    assert.ok(set.includes('theme=dark; Path=/'));
  });

  it('finds the cookie by exact name, ignoring a decoy that ends with it (D-07)', async () => {
    const b = await signedIn(h, 'alice');
    const token = b.jar.get('auth_my-app-auth');
    const decoyFirst = new Client({
      headers: { cookie: `oauth_my-app-auth=forged; auth_my-app-auth=${token}` },
    });
    assert.equal(await profile(h, decoyFirst), 'alice');
    const decoyOnly = new Client({
      headers: { cookie: `oauth_my-app-auth=${token}; xauth_my-app-auth=${token}` },
    });
    assert.equal(await profile(h, decoyOnly), AuthBasicErrors.SessionExpired);
  });
});

describe('revocable sessions (D-13)', () => {
  let h: Harness;
  before(async () => {
    h = await makeAuth({ codes: true, sessionDuration: 3600, codeResendSeconds: 0, accountActions: true });
    for (const name of ['copy', 'every', 'other', 'change', 'reset', 'list', 'gone', 'epoch']) {
      await h.auth.admin.createUser(name, PASSWORD);
    }
  });
  after(() => h.close());

  it('ends a copied cookie at sign-out', async () => {
    const b = await signedIn(h, 'copy');
    const copy = b.clone();
    assert.equal(await profile(h, copy), 'copy');
    await act(h.auth, b, { action: 'signOut' });
    assert.equal(await profile(h, copy), AuthBasicErrors.SessionExpired);
    assert.equal((await current(h.auth, copy)).state, 'signedOut');
  });

  it('ends every session of the user with signOut everywhere, and only theirs', async () => {
    const first = await signedIn(h, 'every');
    const second = await signedIn(h, 'every');
    const bystander = await signedIn(h, 'other');
    await act(h.auth, first, { action: 'signOut', everywhere: true });
    assert.equal(await profile(h, second), AuthBasicErrors.SessionExpired);
    assert.equal(await profile(h, bystander), 'other');
    assert.equal(await profile(h, await signedIn(h, 'every')), 'every', 'signing in again works');
  });

  it('ends the other sessions on a password change and keeps the current one', async () => {
    const current1 = await signedIn(h, 'change');
    const other = await signedIn(h, 'change');
    const { state } = await act(h.auth, current1, {
      action: 'changePassword',
      currentPassword: PASSWORD,
      newPassword: 'changed-pass-55',
    });
    assert.equal(state.state, 'signedIn');
    assert.equal(await profile(h, current1), 'change');
    assert.equal(await profile(h, other), AuthBasicErrors.SessionExpired);
    const old = await act(h.auth, new Client(), { action: 'signIn', username: 'change', password: PASSWORD });
    assert.equal(old.state.errorName, AuthBasicErrors.InvalidCredentials);
    const wrong = await act(h.auth, current1, {
      action: 'changePassword',
      currentPassword: 'nope-nope-1',
      newPassword: 'changed-pass-66',
    });
    assert.equal(wrong.state.errorName, AuthBasicErrors.InvalidCredentials);
    assert.equal(wrong.state.state, 'signedIn');
    const weak = await act(h.auth, current1, {
      action: 'changePassword',
      currentPassword: 'changed-pass-55',
      newPassword: 'short',
    });
    assert.equal(weak.state.errorName, AuthBasicErrors.InvalidPassword);
    const anonymous = await rejection(
      h.auth.changePassword(new Client().context(), PASSWORD, 'whatever-pass-1'),
    );
    assert.equal(anonymous.name, AuthBasicErrors.SessionExpired);
  });

  it('ends every session when the password is reset', async () => {
    const a = await signedIn(h, 'reset');
    const b = await signedIn(h, 'reset');
    await h.auth.resetPassword('reset');
    await h.auth.confirmResetPassword('reset', await h.lastCode('reset', 'reset'), 'after-reset-88');
    assert.equal(await profile(h, a), AuthBasicErrors.SessionExpired);
    assert.equal(await profile(h, b), AuthBasicErrors.SessionExpired);
  });

  it('lists and revokes the user’s own sessions', async () => {
    const a = await signedIn(h, 'list');
    h.clock.advance(1);
    const b = await signedIn(h, 'list');
    const sessions = await h.auth.listSessions(a.context());
    assert.equal(sessions.length, 2);
    assert.deepEqual(
      sessions.map((s) => s.current),
      [true, false],
    );
    assert.deepEqual(Object.keys(sessions[0] ?? {}), ['id', 'createdAt', 'expiresAt', 'current']);
    assert.equal(await h.auth.revokeSession(a.context(), sessions[1]?.id as string), true);
    assert.equal(await profile(h, b), AuthBasicErrors.SessionExpired);
    assert.equal(await h.auth.revokeSession(a.context(), sessions[1]?.id as string), false);
    assert.equal(
      (await rejection(h.auth.revokeSession(a.context(), '../x'))).name,
      AuthBasicErrors.InvalidParameter,
    );
    const otherUser = await signedIn(h, 'other');
    const others = await h.auth.listSessions(otherUser.context());
    assert.equal(
      await h.auth.revokeSession(a.context(), others[0]?.id as string),
      false,
      'cannot end another user’s session',
    );
    assert.equal(await profile(h, otherUser), 'other');
  });

  it('deletes an account with its sessions after checking the password', async () => {
    const a = await signedIn(h, 'gone');
    const b = await signedIn(h, 'gone');
    const wrong = await act(h.auth, a, { action: 'deleteAccount', password: 'wrong-pass-1' });
    assert.equal(wrong.state.errorName, AuthBasicErrors.InvalidCredentials);
    const { state, context } = await act(h.auth, a, { action: 'deleteAccount', password: PASSWORD });
    assert.equal(state.state, 'signedOut');
    assert.ok(context.setCookies().some((line) => line.startsWith(`${h.auth.cookieName}=; Max-Age=0`)));
    assert.equal(await profile(h, b), AuthBasicErrors.SessionExpired);
    assert.equal(await h.auth.admin.getUser('gone'), null);
  });

  it('ends every session of a user from the admin API', async () => {
    const a = await signedIn(h, 'epoch');
    const b = await signedIn(h, 'epoch');
    assert.equal(await h.auth.admin.endSessions('epoch'), 2);
    assert.equal(await profile(h, a), AuthBasicErrors.SessionExpired);
    assert.equal(await profile(h, b), AuthBasicErrors.SessionExpired);
  });
});

describe('revocation between processes sharing one SQLite file (D-13)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'blockyard-auth-sqlite-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Each harness opens its own connection to the file, as two server processes would; the first one
  // answers repeated session reads from the SQLite engine's read cache.
  it('refuses on the next request a session ended through the other connection', async () => {
    const engineUrl = `sqlite:${join(dir, 'blocks.db')}`;
    const one = await makeAuth({ engineUrl, scopeId: 'shared-file' });
    const two = await makeAuth({ engineUrl, scopeId: 'shared-file' });
    try {
      await one.auth.signUp('alice', PASSWORD);
      const copied = await signedIn(one, 'alice');
      const other = await signedIn(two, 'alice');
      for (let i = 0; i < 3; i++) assert.equal(await profile(one, copied), 'alice');
      const asked = profile(one, copied);
      await two.auth.signOut(copied.context());
      assert.equal(await asked, AuthBasicErrors.SessionExpired, 'signed out while the answer waited');
      assert.equal(await profile(one, copied), AuthBasicErrors.SessionExpired);
      assert.equal(await profile(one, other), 'alice');
      assert.equal(await profile(one, other), 'alice');
      await two.auth.admin.endSessions('alice');
      assert.equal(await profile(one, other), AuthBasicErrors.SessionExpired);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('session expiry and signing keys (D-13)', () => {
  let h: Harness;
  before(async () => {
    h = await makeAuth({ sessionDuration: 3600 });
    await h.auth.signUp('alice', PASSWORD);
  });
  after(() => h.close());

  it('ends a session after sessionDuration by the block’s clock', async () => {
    const b = await signedIn(h, 'alice');
    h.clock.advance(3599);
    assert.equal(await profile(h, b), 'alice');
    h.clock.advance(1);
    assert.equal(await profile(h, b), AuthBasicErrors.SessionExpired);
  });

  it('keeps sessions valid across a key rotation, signs new ones with the new key on every instance', async () => {
    const before = await signedIn(h, 'alice');
    const oldKid = JSON.parse(
      Buffer.from(
        (before.jar.get(h.auth.cookieName) as string).split('.')[0] as string,
        'base64url',
      ).toString(),
    ).kid;
    const sibling = h.sibling();
    assert.equal(await profile(h, before), 'alice');
    const kid = await h.auth.rotateSigningKey();
    assert.notEqual(kid, oldKid);
    const after = await signedIn(h, 'alice', new Client());
    const newKid = JSON.parse(
      Buffer.from(
        (after.jar.get(h.auth.cookieName) as string).split('.')[0] as string,
        'base64url',
      ).toString(),
    ).kid;
    assert.equal(newKid, kid);
    assert.equal(
      await (async () => (await sibling.requireAuth(after.context())).username)(),
      'alice',
      'a sibling loads the new key',
    );
    assert.equal(await profile(h, before), 'alice', 'old sessions stay valid');
    const fromSibling = new Client();
    await fromSibling.run((ctx) => sibling.signIn('alice', PASSWORD, ctx));
    const siblingKid = JSON.parse(
      Buffer.from(
        (fromSibling.jar.get(h.auth.cookieName) as string).split('.')[0] as string,
        'base64url',
      ).toString(),
    ).kid;
    assert.equal(siblingKid, kid, 'the sibling signs with the rotated key');
    assert.ok(h.events.some((e) => e.type === 'signingKeyRotated'));
  });

  it('verifies sessions without the libuv thread pool, so password hashing cannot delay them', async () => {
    const b = await signedIn(h, 'alice');
    const fresh = h.sibling();
    const size = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    let poolBusy = true;
    const jobs = Array.from(
      { length: size },
      () =>
        new Promise<void>((resolve) =>
          pbkdf2('x', 'y', 1_500_000, 32, 'sha256', () => {
            poolBusy = false;
            resolve();
          }),
        ),
    );
    const user = await fresh.requireAuth(b.context());
    assert.equal(user.username, 'alice');
    assert.equal(poolBusy, true, 'answered before any pool job finished');
    await Promise.all(jobs);
  });

  it('keeps sessions across a restart (a new instance on the same engine)', async () => {
    const b = await signedIn(h, 'alice');
    const restarted = h.sibling();
    assert.equal((await restarted.requireAuth(b.context())).username, 'alice');
  });

  async function realKey(): Promise<{ kid: string; key: KeyObject }> {
    const text = await h.engine.table(SETTINGS_TABLE).get(`/${h.auth.fullId}-jwt-secret`);
    const secret = JSON.parse(text as string) as string;
    // The first signing key is the AppSetting secret, under `app-` + a digest of it (still valid after rotation).
    const kid = `app-${createHash('sha256').update(secret).digest('base64url').slice(0, 16)}`;
    return { kid, key: createSecretKey(Buffer.from(secret)) };
  }

  async function forged(claims: Record<string, unknown>, build?: (jwt: SignJWT) => SignJWT): Promise<Client> {
    const { kid, key } = await realKey();
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid })
      .setIssuer(`bb-auth-basic:${h.auth.fullId}`);
    if (build) jwt = build(jwt);
    return new Client({ headers: { cookie: `${h.auth.cookieName}=${await jwt.sign(key)}` } });
  }

  it('rejects a correctly signed token that names no server-side session', async () => {
    const now = Math.floor(h.clock.ms / 1000);
    const client = await forged({ username: 'alice', sid: 'made-up-session' }, (j) =>
      j
        .setSubject('alice')
        .setIssuedAt(now)
        .setExpirationTime(now + 60),
    );
    assert.equal(await profile(h, client), AuthBasicErrors.SessionExpired);
  });

  it('rejects a correctly signed token of a real session without exp, or with a lifetime over sessionDuration', async () => {
    const b = await signedIn(h, 'alice');
    const token = b.jar.get(h.auth.cookieName) as string;
    const { sid } = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    const now = Math.floor(h.clock.ms / 1000);
    const control = await forged({ username: 'alice', sid }, (j) =>
      j
        .setSubject('alice')
        .setIssuedAt(now)
        .setExpirationTime(now + 60),
    );
    assert.equal(await profile(h, control), 'alice', 'the forging itself is right');
    const noExp = await forged({ username: 'alice', sid }, (j) => j.setSubject('alice').setIssuedAt(now));
    assert.equal(await profile(h, noExp), AuthBasicErrors.SessionExpired);
    const tooLong = await forged({ username: 'alice', sid }, (j) =>
      j
        .setSubject('alice')
        .setIssuedAt(now)
        .setExpirationTime(now + 3601),
    );
    assert.equal(await profile(h, tooLong), AuthBasicErrors.SessionExpired);
  });

  it('withdraws at creation a session written under an old session epoch', async () => {
    const users = new UserStore(new KVStore<StoredUser>(h.auth, 'users', { engine: h.engine }));
    const sessions = new SessionStore(new KVStore<SessionRecord>(h.auth, 'sessions', { engine: h.engine }));
    const before = await users.load('alice');
    assert.ok(before);
    // Sessions were revoked (epoch bumped, records deleted) after the sign-in read the user.
    await users.update('alice', (r) => ({ ...r, sessionEpoch: (r.sessionEpoch ?? 0) + 1 }));
    const live = (await sessions.list('alice', h.clock.now())).length;
    assert.equal(await openSession(sessions, users, 'alice', before.record, h.clock.now(), 3600), null);
    assert.equal((await sessions.list('alice', h.clock.now())).length, live, 'no record is left behind');
    const fresh = await users.load('alice');
    assert.ok(fresh);
    assert.ok(await openSession(sessions, users, 'alice', fresh.record, h.clock.now(), 3600));
    assert.equal(await profile(h, await signedIn(h, 'alice')), 'alice');
  });

  it('leaves no session when every session is revoked between writing it and re-reading the user', async () => {
    let revokeNow: (() => Promise<unknown>) | undefined;
    class RevokingUsers extends UserStore {
      override async load(username: string) {
        const revoke = revokeNow;
        revokeNow = undefined;
        if (revoke) await revoke();
        return super.load(username);
      }
    }
    const users = new RevokingUsers(new KVStore<StoredUser>(h.auth, 'users', { engine: h.engine }));
    const sessions = new SessionStore(new KVStore<SessionRecord>(h.auth, 'sessions', { engine: h.engine }));
    const before = await users.load('alice');
    assert.ok(before);
    revokeNow = () => h.auth.admin.endSessions('alice');
    assert.equal(await openSession(sessions, users, 'alice', before.record, h.clock.now(), 3600), null);
    assert.equal(revokeNow, undefined, 'the revocation ran between the write and the re-read');
    assert.deepEqual(await sessions.list('alice', h.clock.now()), []);
  });

  it('reads a session record without the user’s sign-up time as no session', async () => {
    const b = await signedIn(h, 'alice');
    const store = new KVStore<Record<string, unknown>>(h.auth, 'sessions', { engine: h.engine });
    const tag = createHash('sha256').update('alice').digest('base64url');
    let rewritten = 0;
    for await (const { key, value } of store.scan({ prefix: `${tag}.` })) {
      const { userCreatedAt: _dropped, ...rest } = value;
      await store.put(key, { ...rest, epoch: 0 });
      rewritten++;
    }
    assert.ok(rewritten > 0);
    assert.equal(await profile(h, b), AuthBasicErrors.SessionExpired);
    assert.equal(await profile(h, await signedIn(h, 'alice')), 'alice');
  });
});

describe('signing keys from the environment and account deletion (D-13)', () => {
  it('signs only with BLOCKS_AUTH_SIGNING_KEYS, so database keys cannot mint a session', async () => {
    const saved = process.env.BLOCKS_AUTH_SIGNING_KEYS;
    process.env.BLOCKS_AUTH_SIGNING_KEYS = 'an-env-signing-key-an-env-signing-key-0';
    const h = await makeAuth();
    try {
      await h.auth.signUp('envy', 'correct-horse-42');
      const client = new Client();
      await client.run((context) => h.auth.signIn('envy', 'correct-horse-42', context));
      assert.equal((await h.auth.requireAuth(client.context())).username, 'envy');
      delete process.env.BLOCKS_AUTH_SIGNING_KEYS;
      const databaseKeyed = h.sibling();
      const minted = new Client();
      await minted.run((context) => databaseKeyed.signIn('envy', 'correct-horse-42', context));
      assert.equal(
        (await rejection(h.auth.requireAuth(minted.context()))).name,
        AuthBasicErrors.SessionExpired,
        'a session signed with a database key is refused',
      );
      assert.equal((await rejection(h.auth.rotateSigningKey())).status, 400);
    } finally {
      if (saved === undefined) delete process.env.BLOCKS_AUTH_SIGNING_KEYS;
      else process.env.BLOCKS_AUTH_SIGNING_KEYS = saved;
      await h.close();
    }
  });

  it('ends the sessions of a deleted account, also those a racing sign-in opens', async () => {
    const h = await makeAuth();
    try {
      await h.auth.signUp('leaving', 'correct-horse-42');
      const owner = new Client();
      await owner.run((context) => h.auth.signIn('leaving', 'correct-horse-42', context));
      const racers = Array.from({ length: 4 }, () => new Client());
      await Promise.allSettled([
        owner.run((context) => h.auth.deleteAccount(context, 'correct-horse-42')),
        ...racers.map((c) => c.run((context) => h.auth.signIn('leaving', 'correct-horse-42', context))),
      ]);
      assert.equal(await h.auth.admin.getUser('leaving'), null);
      for (const client of [owner, ...racers]) {
        assert.equal(
          (await rejection(h.auth.requireAuth(client.context()))).name,
          AuthBasicErrors.SessionExpired,
        );
      }
      const deleted = h.events.find((e) => e.type === 'accountDeleted');
      assert.ok((deleted?.count ?? 0) >= 1, 'the owner session was ended by the deletion');
    } finally {
      await h.close();
    }
  });
});
