// Brute-force bounds, codes and enumeration defences on a real engine with an injected clock
// (D-10, D-14, D-15, D-16, D-19): lockout and its end, per-address bound, code attempt cap, resend wait,
// enumeration-safe sign-up, one account under concurrent sign-ups, legacy bcrypt, events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KVStore } from '@blockyard/kv-store';
import bcrypt from 'bcryptjs';
import { AuthBasicErrors } from './errors.js';
import { act, Client, current, type Harness, makeAuth, rejection } from './test-support/harness.js';

const PASSWORD = 'correct-horse-42';

function wrongCode(code: string): string {
  return code === '999999' ? '100000' : String(Number(code) + 1);
}

describe('sign-in lockout (D-14)', () => {
  let h: Harness;
  before(async () => {
    h = await makeAuth({
      lockout: { maxFailures: 3, baseSeconds: 10, maxSeconds: 40, maxAddressFailures: 20 },
    });
    for (const name of ['lock', 'bystander', 'reset-count', 'double']) await h.auth.signUp(name, PASSWORD);
  });
  after(() => h.close());

  const attempt = (username: string, password: string, client = new Client()) =>
    act(h.auth, client, { action: 'signIn', username, password });

  it('locks a username after maxFailures, refuses the right password while locked, then accepts it', async () => {
    for (let i = 0; i < 3; i++) {
      assert.equal(
        (await attempt('lock', `wrong-pass-${i}`)).state.errorName,
        AuthBasicErrors.InvalidCredentials,
      );
    }
    const locked = await attempt('lock', PASSWORD);
    assert.equal(locked.state.errorName, AuthBasicErrors.TooManyAttempts);
    assert.equal(locked.state.retriable, true);
    assert.match(locked.state.error as string, /try again in 10 seconds/);
    assert.equal(locked.context.setCookies().length, 0, 'no session while locked');

    const thrown = await rejection(h.auth.signIn('lock', PASSWORD, new Client().context()));
    assert.equal(thrown.name, AuthBasicErrors.TooManyAttempts);
    assert.equal(thrown.status, 429);
    assert.equal(thrown.retriable, true);

    assert.equal(
      (await attempt('bystander', PASSWORD)).state.state,
      'signedIn',
      'other users are not affected',
    );
    h.clock.advance(9);
    assert.equal((await attempt('lock', PASSWORD)).state.errorName, AuthBasicErrors.TooManyAttempts);
    h.clock.advance(1);
    assert.equal((await attempt('lock', PASSWORD)).state.state, 'signedIn', 'the lock ends');
  });

  it('starts counting again after a success', async () => {
    for (let i = 0; i < 2; i++) await attempt('reset-count', 'wrong-pass-x');
    assert.equal((await attempt('reset-count', PASSWORD)).state.state, 'signedIn');
    for (let i = 0; i < 2; i++) await attempt('reset-count', 'wrong-pass-x');
    assert.equal((await attempt('reset-count', PASSWORD)).state.state, 'signedIn');
  });

  it('doubles the lock with each further failure, up to maxSeconds', async () => {
    const waits: string[] = [];
    for (let round = 0; round < 4; round++) {
      const failures = round === 0 ? 3 : 1;
      for (let i = 0; i < failures; i++) await attempt('double', 'wrong-pass-y');
      const { state } = await attempt('double', PASSWORD);
      waits.push(/try again in (\d+) seconds/.exec(state.error as string)?.[1] ?? '');
      h.clock.advance(Number(waits.at(-1)));
    }
    assert.deepEqual(waits, ['10', '20', '40', '40']);
  });

  it('locks unknown usernames the same way, revealing nothing', async () => {
    for (let i = 0; i < 3; i++) {
      assert.equal(
        (await attempt('ghost', `wrong-pass-${i}`)).state.errorName,
        AuthBasicErrors.InvalidCredentials,
      );
    }
    assert.equal((await attempt('ghost', PASSWORD)).state.errorName, AuthBasicErrors.TooManyAttempts);
  });

  it('bounds failures per client address across usernames', async () => {
    const spray = new Client({ clientAddress: '203.0.113.50' });
    h.clock.advance(900);
    let refusedAt = -1;
    for (let i = 0; i < 25; i++) {
      const { state } = await act(h.auth, spray, {
        action: 'signIn',
        username: `spray-${i}`,
        password: 'wrong-pass-z',
      });
      if (state.errorName === AuthBasicErrors.TooManyAttempts) {
        refusedAt = i;
        break;
      }
    }
    assert.equal(refusedAt, 20);
    const other = await act(h.auth, new Client({ clientAddress: '203.0.113.51' }), {
      action: 'signIn',
      username: 'bystander',
      password: PASSWORD,
    });
    assert.equal(other.state.state, 'signedIn', 'another address is not affected');
    h.clock.advance(900);
    const later = await act(h.auth, spray, { action: 'signIn', username: 'bystander', password: PASSWORD });
    assert.equal(later.state.state, 'signedIn', 'the window ends');
  });
});

describe('verification codes (D-14, D-16)', () => {
  let h: Harness;
  before(async () => {
    h = await makeAuth({ codes: true, codeAttempts: 3, codeResendSeconds: 60 });
  });
  after(() => h.close());

  it('kills a code after codeAttempts wrong tries; a resent code then works', async () => {
    const b = new Client();
    await act(h.auth, b, { action: 'signUp', username: 'pia', password: PASSWORD });
    const code = await h.lastCode('pia');
    for (let i = 0; i < 3; i++) {
      const { state } = await act(h.auth, b, {
        action: 'confirmSignUp',
        username: 'pia',
        code: wrongCode(code),
        password: PASSWORD,
      });
      assert.equal(state.errorName, AuthBasicErrors.InvalidCode);
    }
    const dead = await act(h.auth, b, { action: 'confirmSignUp', username: 'pia', code, password: PASSWORD });
    assert.equal(dead.state.errorName, AuthBasicErrors.InvalidCode);
    h.clock.advance(60);
    assert.equal(
      (await act(h.auth, b, { action: 'resendSignUpCode', username: 'pia' })).state.state,
      'confirmingSignUp',
    );
    const fresh = await h.lastCode('pia');
    const ok = await act(h.auth, b, {
      action: 'confirmSignUp',
      username: 'pia',
      code: fresh,
      password: PASSWORD,
    });
    assert.equal(ok.state.state, 'signedIn');
  });

  it('counts a wrong password in confirmSignUp as an attempt but keeps the code (D-16)', async () => {
    const b = new Client();
    await act(h.auth, b, { action: 'signUp', username: 'kim', password: PASSWORD });
    const code = await h.lastCode('kim');
    const wrong = await act(h.auth, b, {
      action: 'confirmSignUp',
      username: 'kim',
      code,
      password: 'not-the-pass-1',
    });
    assert.equal(wrong.state.errorName, AuthBasicErrors.InvalidCredentials);
    assert.equal(wrong.state.state, 'confirmingSignUp');
    assert.equal(
      (await act(h.auth, b, { action: 'confirmSignUp', username: 'kim', code, password: PASSWORD })).state
        .state,
      'signedIn',
    );
  });

  it('keeps the reset code usable when the new password fails the policy (D-16)', async () => {
    await h.auth.admin.createUser('lee', PASSWORD);
    const b = new Client();
    await act(h.auth, b, { action: 'resetPassword', username: 'lee' });
    const code = await h.lastCode('lee', 'reset');
    const weak = await act(h.auth, b, {
      action: 'confirmResetPassword',
      username: 'lee',
      code,
      newPassword: 'short',
    });
    assert.equal(weak.state.errorName, AuthBasicErrors.InvalidPassword);
    assert.equal(weak.state.state, 'confirmingPasswordReset');
    const done = await act(h.auth, b, {
      action: 'confirmResetPassword',
      username: 'lee',
      code,
      newPassword: 'fresh-pass-31',
    });
    assert.equal(done.state.state, 'signedOut');
    assert.equal(done.state.error, undefined);
  });

  it('refuses a code after 600 seconds', async () => {
    await h.auth.signUp('late', PASSWORD);
    const code = await h.lastCode('late');
    h.clock.advance(601);
    assert.equal((await rejection(h.auth.confirmSignUp('late', code))).name, AuthBasicErrors.InvalidCode);
  });

  it('waits codeResendSeconds between deliveries, for resend, sign-up again and reset alike', async () => {
    const b = new Client();
    await act(h.auth, b, { action: 'signUp', username: 'ned', password: PASSWORD });
    const count = () => h.deliveries.filter((d) => d.username === 'ned').length;
    const early = await act(h.auth, b, { action: 'resendSignUpCode', username: 'ned' });
    assert.equal(early.state.errorName, AuthBasicErrors.TooManyAttempts);
    assert.equal(early.state.retriable, true);
    assert.equal(early.state.state, 'confirmingSignUp', 'the caller stays on the confirmation form');
    assert.match(early.state.error as string, /try again in 60 seconds/);
    const again = await act(h.auth, new Client(), { action: 'signUp', username: 'ned', password: PASSWORD });
    assert.equal(again.state.errorName, AuthBasicErrors.TooManyAttempts);
    assert.equal(count(), 1);
    h.clock.advance(60);
    assert.equal(
      (await act(h.auth, b, { action: 'resendSignUpCode', username: 'ned' })).state.error,
      undefined,
    );
    assert.equal(count(), 2);
    await h.auth.resetPassword('ned');
    assert.equal((await rejection(h.auth.resetPassword('ned'))).name, AuthBasicErrors.TooManyAttempts);
    await h.auth.resetPassword('never-existed');
    assert.equal(
      (await rejection(h.auth.resetPassword('never-existed'))).name,
      AuthBasicErrors.TooManyAttempts,
      'unknown users wait too',
    );
  });

  it('replaces a still-unconfirmed account only once it has expired (D-16)', async () => {
    await h.auth.signUp('ola', PASSWORD);
    h.clock.advance(86400);
    await h.auth.signUp('ola', 'second-pass-22');
    await h.auth.confirmSignUp('ola', await h.lastCode('ola'));
    assert.equal(
      (await rejection(h.auth.signIn('ola', PASSWORD, new Client().context()))).name,
      AuthBasicErrors.InvalidCredentials,
    );
    assert.equal((await h.auth.signIn('ola', 'second-pass-22', new Client().context())).username, 'ola');
  });

  it('does not let anyone take over a pending sign-up (D-16)', async () => {
    const victim = new Client();
    await act(h.auth, victim, { action: 'signUp', username: 'pam', password: PASSWORD });
    const code = await h.lastCode('pam');
    const delivered = h.deliveries.length;
    h.clock.advance(60);
    const attacker = await act(h.auth, new Client(), {
      action: 'signUp',
      username: 'pam',
      password: 'attacker-pass-9',
    });
    assert.equal(attacker.state.state, 'confirmingSignUp', 'answered like any taken name');
    assert.equal(attacker.state.error, undefined);
    assert.equal(h.deliveries.length, delivered, 'nothing delivered, the code is not replaced');
    const confirmed = await act(h.auth, victim, {
      action: 'confirmSignUp',
      username: 'pam',
      code,
      password: PASSWORD,
    });
    assert.equal(confirmed.state.state, 'signedIn');
    assert.equal(
      (await rejection(h.auth.signIn('pam', 'attacker-pass-9', new Client().context()))).name,
      AuthBasicErrors.InvalidCredentials,
    );
  });

  it('delivers a new code when a pending account signs up again with its own password', async () => {
    await h.auth.signUp('rex', PASSWORD);
    const first = await h.lastCode('rex');
    h.clock.advance(60);
    await h.auth.signUp('rex', PASSWORD);
    const second = await h.lastCode('rex');
    assert.equal(h.deliveries.filter((d) => d.username === 'rex').length, 2);
    assert.equal((await rejection(h.auth.confirmSignUp('rex', first))).name, AuthBasicErrors.InvalidCode);
    await h.auth.confirmSignUp('rex', second);
    assert.equal((await h.auth.signIn('rex', PASSWORD, new Client().context())).username, 'rex');
  });

  it('confirms a pending account with a password reset code (D-16)', async () => {
    await h.auth.signUp('uma', PASSWORD);
    h.clock.advance(60);
    await h.auth.resetPassword('uma');
    const code = await h.lastCode('uma', 'reset');
    await h.auth.confirmResetPassword('uma', code, 'new-uma-pass-4');
    assert.equal((await h.auth.signIn('uma', 'new-uma-pass-4', new Client().context())).username, 'uma');
    assert.equal((await h.auth.admin.getUser('uma'))?.confirmed, true);
  });
});

describe('user enumeration (D-15)', () => {
  it('answers sign-up of a taken username like a new one and delivers nothing', async () => {
    const h = await makeAuth({ codes: true });
    try {
      await h.auth.admin.createUser('jo', PASSWORD);
      const taken = await act(h.auth, new Client(), {
        action: 'signUp',
        username: 'jo',
        password: 'intruder-pass-1',
      });
      const fresh = await act(h.auth, new Client(), {
        action: 'signUp',
        username: 'new-jo',
        password: 'intruder-pass-1',
      });
      assert.deepEqual(
        taken.state.actions.map((a) => a.name),
        fresh.state.actions.map((a) => a.name),
      );
      assert.equal(taken.state.state, 'confirmingSignUp');
      assert.deepEqual(
        taken.context.setCookies().map((l) => l.split('=')[0]),
        fresh.context.setCookies().map((l) => l.split('=')[0]),
      );
      assert.deepEqual(
        h.deliveries.map((d) => d.username),
        ['new-jo'],
      );
      assert.equal(
        (await rejection(h.auth.signIn('jo', 'intruder-pass-1', new Client().context()))).name,
        AuthBasicErrors.InvalidCredentials,
      );
      assert.equal((await h.auth.signIn('jo', PASSWORD, new Client().context())).username, 'jo');
    } finally {
      await h.close();
    }
  });

  it('reports UserAlreadyExists when preventUserExistenceErrors is false', async () => {
    const h = await makeAuth({ codes: true, preventUserExistenceErrors: false });
    try {
      await h.auth.admin.createUser('jo', PASSWORD);
      assert.equal((await rejection(h.auth.signUp('jo', PASSWORD))).name, AuthBasicErrors.UserAlreadyExists);
    } finally {
      await h.close();
    }
  });

  it('verifies against a dummy hash for unknown users and says the same as for a wrong password', async () => {
    const h = await makeAuth();
    try {
      await h.auth.signUp('real', PASSWORD);
      const unknown = await rejection(h.auth.signIn('unreal', PASSWORD, new Client().context()));
      const wrong = await rejection(h.auth.signIn('real', 'wrong-pass-1', new Client().context()));
      assert.deepEqual([unknown.name, unknown.message], [wrong.name, wrong.message]);
      assert.deepEqual(
        h.events.filter((e) => e.type === 'signInFailed').map((e) => e.reason),
        ['unknown-user', 'wrong-password'],
      );
    } finally {
      await h.close();
    }
  });
});

describe('account creation under concurrency', () => {
  it('creates exactly one account when 30 sign-ups of one username race', async () => {
    const h = await makeAuth();
    try {
      const clients = Array.from({ length: 30 }, () => new Client());
      const results = await Promise.all(
        clients.map((c, i) =>
          act(h.auth, c, { action: 'signUp', username: 'race', password: `race-pass-${i}` }),
        ),
      );
      const winners = results.filter((r) => r.state.state === 'signedIn');
      assert.equal(winners.length, 1);
      for (const r of results)
        if (r.state.state !== 'signedIn') assert.equal(r.state.errorName, AuthBasicErrors.UserAlreadyExists);
      const winner = results.indexOf(winners[0] as (typeof results)[number]);
      assert.equal(
        (await h.auth.signIn('race', `race-pass-${winner}`, new Client().context())).username,
        'race',
      );
      assert.equal((await h.auth.admin.listUsers()).users.length, 1);
    } finally {
      await h.close();
    }
  });

  it('delivers exactly one code when 30 code-confirmed sign-ups race', async () => {
    const h = await makeAuth({ codes: true });
    try {
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          act(h.auth, new Client(), { action: 'signUp', username: 'race2', password: `race-pass-${i}` }),
        ),
      );
      const confirming = results.filter((r) => r.state.state === 'confirmingSignUp' && !r.state.error);
      assert.equal(confirming.length, 1);
      for (const r of results)
        if (r !== confirming[0]) assert.equal(r.state.errorName, AuthBasicErrors.TooManyAttempts);
      assert.equal(h.deliveries.length, 1);
      assert.equal((await h.auth.admin.listUsers()).users.length, 1);
    } finally {
      await h.close();
    }
  });
});

describe('legacy bcrypt records (D-10, R-611, R-612)', () => {
  it('signs in with reference-format records and re-hashes them to argon2id', async () => {
    const h = await makeAuth();
    try {
      const users = new KVStore<unknown>(h.auth, 'users', { engine: h.engine });
      const createdAt = '2024-01-02T03:04:05.000Z';
      const hashA = `$2a$${bcrypt.hashSync(PASSWORD, 4).slice(4)}`;
      await users.put('json-text', JSON.stringify({ hash: hashA, createdAt }));
      await users.put('bare', bcrypt.hashSync(PASSWORD, 4));
      await users.put(
        'pending',
        JSON.stringify({ hash: bcrypt.hashSync(PASSWORD, 4), createdAt, unconfirmed: true }),
      );

      assert.equal(
        (await rejection(h.auth.signIn('json-text', 'wrong-pass-1', new Client().context()))).name,
        AuthBasicErrors.InvalidCredentials,
      );
      const user = await h.auth.signIn('json-text', PASSWORD, new Client().context());
      assert.deepEqual(user, { userId: 'json-text', username: 'json-text', createdAt });
      const upgraded = (await users.get('json-text')) as { hash: string; createdAt: string };
      assert.match(upgraded.hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.equal(upgraded.createdAt, createdAt);
      assert.equal((await h.auth.signIn('json-text', PASSWORD, new Client().context())).createdAt, createdAt);

      const bare = await h.auth.signIn('bare', PASSWORD, new Client().context());
      assert.equal(bare.createdAt, '1970-01-01T00:00:00.000Z');
      assert.match(((await users.get('bare')) as { hash: string }).hash, /^\$argon2id\$/);

      assert.equal(
        (await rejection(h.auth.signIn('pending', PASSWORD, new Client().context()))).name,
        AuthBasicErrors.InvalidCredentials,
      );
    } finally {
      await h.close();
    }
  });
});

describe('auth events (D-19)', () => {
  it('reports every event to onEvent and the log, never with a password, code, token or hash', async () => {
    const h = await makeAuth({ codes: true, codeResendSeconds: 0, accountActions: true });
    try {
      const b = new Client({ clientAddress: '192.0.2.1' });
      await act(h.auth, b, { action: 'signUp', username: 'eve', password: PASSWORD });
      const code = await h.lastCode('eve');
      await act(h.auth, b, { action: 'confirmSignUp', username: 'eve', code, password: PASSWORD });
      await act(h.auth, new Client(), { action: 'signIn', username: 'eve', password: 'wrong-pass-1' });
      await act(h.auth, b, {
        action: 'changePassword',
        currentPassword: PASSWORD,
        newPassword: 'changed-pass-2',
      });
      await act(h.auth, b, { action: 'signOut' });
      await act(h.auth, b, { action: 'resetPassword', username: 'eve' });
      const resetCode = await h.lastCode('eve', 'reset');
      await act(h.auth, b, {
        action: 'confirmResetPassword',
        username: 'eve',
        code: resetCode,
        newPassword: 'reset-pass-3',
      });
      await act(h.auth, b, { action: 'signIn', username: 'eve', password: 'reset-pass-3' });
      await act(h.auth, b, { action: 'deleteAccount', password: 'reset-pass-3' });

      assert.deepEqual(
        h.events.map((e) => e.type),
        [
          'signUp',
          'codeSent',
          'signUpConfirmed',
          'signIn',
          'signInFailed',
          'passwordChanged',
          'signOut',
          'passwordResetRequested',
          'codeSent',
          'passwordReset',
          'signIn',
          'accountDeleted',
        ],
      );
      for (const event of h.events) {
        assert.equal(event.block, h.auth.fullId);
        assert.match(event.time, /^\d{4}-/);
      }
      assert.equal(h.events[3]?.clientAddress, '192.0.2.1');
      const secrets = [
        PASSWORD,
        'changed-pass-2',
        'reset-pass-3',
        'wrong-pass-1',
        code,
        resetCode,
        ...b.jar.values(),
      ];
      const logged = JSON.stringify(h.events) + h.logLines.join('\n');
      for (const secret of secrets) assert.ok(!logged.includes(secret), 'no secret in events or logs');
      assert.ok(!logged.includes('$argon2'), 'no hash in events or logs');
      assert.equal(h.logLines.filter((l) => l.includes('"auth-event"')).length, h.events.length);
    } finally {
      await h.close();
    }
  });

  it('survives a throwing or rejecting onEvent hook', async () => {
    for (const onEvent of [
      () => {
        throw new Error('hook broke');
      },
      () => Promise.reject(new Error('hook broke')),
    ]) {
      const h = await makeAuth({ onEvent });
      try {
        const { state } = await act(h.auth, new Client(), {
          action: 'signUp',
          username: 'hooked',
          password: PASSWORD,
        });
        assert.equal(state.state, 'signedIn');
        await new Promise((resolve) => setImmediate(resolve));
        assert.ok(h.logLines.some((l) => l.includes('onEvent hook failed')));
      } finally {
        await h.close();
      }
    }
  });
});

describe('admin API (D-18)', () => {
  let h: Harness;
  before(async () => {
    h = await makeAuth({ codes: true });
  });
  after(() => h.close());

  it('creates, gets, lists, disables, enables and deletes users', async () => {
    const created = await h.auth.admin.createUser('Admin-Made', PASSWORD);
    assert.deepEqual(created, {
      userId: 'admin-made',
      username: 'admin-made',
      createdAt: new Date(h.clock.ms).toISOString(),
      confirmed: true,
      disabled: false,
    });
    await h.auth.admin.createUser('pending-one', PASSWORD, { confirmed: false });
    assert.equal(
      (await rejection(h.auth.admin.createUser('admin-made', PASSWORD))).name,
      AuthBasicErrors.UserAlreadyExists,
    );
    assert.equal(
      (await rejection(h.auth.admin.createUser('weak', 'short'))).name,
      AuthBasicErrors.InvalidPassword,
    );
    assert.deepEqual(await h.auth.admin.getUser('ADMIN-MADE'), created);
    assert.equal((await h.auth.admin.getUser('pending-one'))?.confirmed, false);

    const b = new Client();
    await b.run((ctx) => h.auth.signIn('admin-made', PASSWORD, ctx));
    assert.equal(await h.auth.admin.disableUser('admin-made'), true);
    assert.equal(await h.auth.getCurrentUser(b.context()), null, 'disabling ends the sessions');
    assert.equal(
      (await rejection(h.auth.signIn('admin-made', PASSWORD, new Client().context()))).name,
      AuthBasicErrors.InvalidCredentials,
    );
    assert.equal((await h.auth.admin.getUser('admin-made'))?.disabled, true);
    assert.equal(await h.auth.admin.enableUser('admin-made'), true);
    assert.equal(
      (await h.auth.signIn('admin-made', PASSWORD, new Client().context())).username,
      'admin-made',
    );
    assert.equal((await h.auth.admin.listSessions('admin-made')).length, 1);

    assert.equal(await h.auth.admin.disableUser('nobody'), false);
    assert.equal(await h.auth.admin.enableUser('nobody'), false);
    assert.equal(await h.auth.admin.deleteUser('nobody'), false);
    assert.equal(await h.auth.admin.deleteUser('admin-made'), true);
    assert.equal(await h.auth.admin.getUser('admin-made'), null);
    assert.equal((await h.auth.admin.listSessions('admin-made')).length, 0);
  });

  it('refuses malformed admin options with InvalidParameter', async () => {
    for (const call of [
      () => h.auth.admin.listUsers(null as never),
      () => h.auth.admin.createUser('opts', PASSWORD, null as never),
      () => h.auth.admin.createUser('opts', PASSWORD, { confirmed: 'yes' as never }),
    ]) {
      const error = await rejection(call());
      assert.equal(error.name, AuthBasicErrors.InvalidParameter);
      assert.equal(error.status, 400);
    }
    assert.equal(await h.auth.admin.getUser('opts'), null, 'nothing was created');
  });

  it('pages through users in order', async () => {
    for (const name of ['u-c', 'u-a', 'u-b', 'u-d']) await h.auth.admin.createUser(name, PASSWORD);
    const first = await h.auth.admin.listUsers({ prefix: 'u-', limit: 3 });
    assert.deepEqual(
      first.users.map((u) => u.username),
      ['u-a', 'u-b', 'u-c'],
    );
    assert.equal(first.next, 'u-c');
    const second = await h.auth.admin.listUsers({ prefix: 'u-', limit: 3, after: first.next });
    assert.deepEqual(
      second.users.map((u) => u.username),
      ['u-d'],
    );
    assert.equal(second.next, undefined);
    assert.equal(
      (await rejection(h.auth.admin.listUsers({ limit: 0 }))).name,
      AuthBasicErrors.InvalidParameter,
    );
  });
});

describe('state × action table (R-639, D-16, D-17)', () => {
  type Row = [from: string, action: Record<string, unknown>, to: string, error?: string];

  it('answers each action from each state as the table says', async () => {
    const h = await makeAuth({ codes: true, codeResendSeconds: 0, accountActions: true });
    try {
      await h.auth.admin.createUser('table', PASSWORD);
      const arrive = async (from: string): Promise<Client> => {
        const c = new Client();
        if (from === 'signedIn')
          await act(h.auth, c, { action: 'signIn', username: 'table', password: PASSWORD });
        if (from === 'confirmingSignUp')
          await act(h.auth, c, { action: 'signUp', username: `p-${Math.random()}`, password: PASSWORD });
        if (from === 'confirmingPasswordReset')
          await act(h.auth, c, { action: 'resetPassword', username: 'table' });
        assert.equal((await current(h.auth, c)).state, from);
        return c;
      };
      const E = AuthBasicErrors;
      const rows: Row[] = [];
      for (const from of ['signedOut', 'signedIn', 'confirmingSignUp', 'confirmingPasswordReset']) {
        const keep = from;
        rows.push(
          [from, { action: 'signIn', username: 'table', password: PASSWORD }, 'signedIn'],
          [
            from,
            { action: 'signIn', username: 'table', password: 'wrong-pass-1' },
            from === 'signedIn' ? 'signedIn' : 'signedOut',
            E.InvalidCredentials,
          ],
          [from, { action: 'signUp', username: 'table', password: PASSWORD }, 'confirmingSignUp'],
          [
            from,
            { action: 'confirmSignUp', username: 'table', code: '123456', password: PASSWORD },
            keep,
            E.InvalidCode,
          ],
          [from, { action: 'resendSignUpCode', username: 'table' }, 'confirmingSignUp'],
          [from, { action: 'signOut' }, 'signedOut'],
          [from, { action: 'resetPassword', username: 'table' }, 'confirmingPasswordReset'],
          [
            from,
            {
              action: 'confirmResetPassword',
              username: 'table',
              code: '123456',
              newPassword: 'new-pass-123',
            },
            keep,
            E.InvalidCode,
          ],
          [
            from,
            { action: 'changePassword', currentPassword: PASSWORD, newPassword: 'new-pass-123' },
            keep,
            from === 'signedIn' ? undefined : E.SessionExpired,
          ],
          [
            from,
            { action: 'deleteAccount', password: 'wrong-pass-1' },
            keep,
            from === 'signedIn' ? E.InvalidCredentials : E.SessionExpired,
          ],
          [from, { action: 'bogus' }, keep, 'ApiError'],
        );
      }
      for (const [from, input, to, error] of rows) {
        const c = await arrive(from);
        const { state } = await act(h.auth, c, input);
        const label = `${from} × ${input.action} → ${JSON.stringify(state).slice(0, 160)}`;
        assert.equal(state.state, to, label);
        if (error === 'ApiError') assert.ok(state.error && !state.errorName, label);
        else assert.equal(state.errorName, error, label);
        if (input.action === 'changePassword' && !error) {
          await act(h.auth, c, {
            action: 'changePassword',
            currentPassword: 'new-pass-123',
            newPassword: PASSWORD,
          });
        }
      }
    } finally {
      await h.close();
    }
  });
});
