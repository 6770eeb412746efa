// AuthBasic driven through createApi() and its server methods with fabricated BlocksContexts on a
// real in-memory engine: the R-642 flows, the error catalogue (R-608 + D-12/D-14), D-17 and bad input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isBlocksError } from '@blockyard/core';
import { AuthBasicErrors } from './errors.js';
import { act, Client, current, type Harness, makeAuth, rejection } from './test-support/harness.js';

const PASSWORD = 'correct-horse-42';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function sessionCookie(context: { setCookies(): string[] }, name: string): string | undefined {
  return context.setCookies().find((line) => line.startsWith(`${name}=ey`));
}

describe('AuthBasic flows without codeDelivery (R-642)', () => {
  let h: Harness;
  before(async () => {
    h = await makeAuth();
  });
  after(() => h.close());

  it('signs up into signedIn with a session cookie, resumes it, signs out with a clearing cookie', async () => {
    const b = new Client();
    const up = await act(h.auth, b, { action: 'signUp', username: 'alice', password: PASSWORD });
    assert.equal(up.state.state, 'signedIn');
    assert.deepEqual(up.state.user, {
      userId: 'alice',
      username: 'alice',
      createdAt: new Date(h.clock.ms).toISOString(),
    });
    assert.ok(sessionCookie(up.context, h.auth.cookieName));
    assert.deepEqual(await current(h.auth, b), up.state);

    const out = await act(h.auth, b, { action: 'signOut' });
    assert.equal(out.state.state, 'signedOut');
    assert.deepEqual(out.context.setCookies(), [
      `${h.auth.cookieName}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`,
    ]);
    assert.equal((await current(h.auth, b)).state, 'signedOut');

    const again = await act(h.auth, b, { action: 'signIn', username: 'alice', password: PASSWORD });
    assert.equal(again.state.state, 'signedIn');
  });

  it('answers requireAuth, checkAuth and getCurrentUser from the session (R-620)', async () => {
    const b = new Client();
    await act(h.auth, b, { action: 'signUp', username: 'bob', password: PASSWORD });
    const user = await h.auth.requireAuth(b.context());
    assert.deepEqual(Object.keys(user), ['userId', 'username', 'createdAt']);
    assert.equal(user.username, 'bob');
    assert.match(user.createdAt, ISO);
    assert.equal(await h.auth.checkAuth(b.context()), true);
    assert.deepEqual(await h.auth.getCurrentUser(b.context()), user);

    const anonymous = new Client();
    const error = await rejection(h.auth.requireAuth(anonymous.context()));
    assert.equal(error.name, AuthBasicErrors.SessionExpired);
    assert.equal(error.message, 'Authentication required');
    assert.equal(error.status, 401);
    assert.equal(await h.auth.checkAuth(anonymous.context()), false);
    assert.equal(await h.auth.getCurrentUser(anonymous.context()), null);
    const garbage = new Client({ headers: { cookie: `${h.auth.cookieName}=not-a-token` } });
    assert.equal(await h.auth.getCurrentUser(garbage.context()), null);
  });

  it('canonicalises usernames, so case and width variants are one account (D-12)', async () => {
    const b = new Client();
    const up = await act(h.auth, b, {
      action: 'signUp',
      username: '  Carol@Example.COM ',
      password: PASSWORD,
    });
    assert.equal(up.state.user?.username, 'carol@example.com');
    const dup = await act(h.auth, new Client(), {
      action: 'signUp',
      username: 'ＣＡＲＯＬ@example.com',
      password: PASSWORD,
    });
    assert.equal(dup.state.errorName, AuthBasicErrors.UserAlreadyExists);
    const signIn = await act(h.auth, new Client(), {
      action: 'signIn',
      username: 'CAROL@EXAMPLE.COM',
      password: PASSWORD,
    });
    assert.equal(signIn.state.user?.username, 'carol@example.com');
  });

  it('keeps usernames case-sensitive with usernameCaseSensitive', async () => {
    const cs = await makeAuth({ usernameCaseSensitive: true });
    try {
      await cs.auth.signUp('Dave', PASSWORD);
      await cs.auth.signUp('dave', PASSWORD);
      assert.equal((await cs.auth.signIn('Dave', PASSWORD, new Client().context())).username, 'Dave');
    } finally {
      await cs.close();
    }
  });

  it('throws every error with its name and status from the server methods (R-608)', async () => {
    await h.auth.signUp('erin', PASSWORD);
    const cases: [() => Promise<unknown>, string, number][] = [
      [
        () => h.auth.signIn('erin', 'wrong-password-1', new Client().context()),
        AuthBasicErrors.InvalidCredentials,
        401,
      ],
      [
        () => h.auth.signIn('nobody-here', PASSWORD, new Client().context()),
        AuthBasicErrors.InvalidCredentials,
        401,
      ],
      [() => h.auth.signUp('erin', PASSWORD), AuthBasicErrors.UserAlreadyExists, 409],
      [() => h.auth.signUp('frank', 'short1'), AuthBasicErrors.InvalidPassword, 400],
      [() => h.auth.signUp('frank', 'password123'), AuthBasicErrors.InvalidPassword, 400],
      [() => h.auth.confirmSignUp('erin', '123456'), AuthBasicErrors.InvalidCode, 400],
      [
        () => h.auth.confirmResetPassword('erin', '123456', 'another-pass-77'),
        AuthBasicErrors.InvalidCode,
        400,
      ],
      [() => h.auth.requireAuth(new Client().context()), AuthBasicErrors.SessionExpired, 401],
      [() => h.auth.signIn('', PASSWORD, new Client().context()), AuthBasicErrors.InvalidParameter, 400],
      [() => h.auth.signUp('frank', 12345678 as unknown as string), AuthBasicErrors.InvalidParameter, 400],
    ];
    for (const [call, name, status] of cases) {
      const error = await rejection(call());
      assert.equal(error.name, name, error.message);
      assert.equal(error.status, status, name);
      assert.ok(isBlocksError(error, name));
      assert.notEqual(error.retriable, true, name);
    }
    const reset = await rejection(h.auth.resetPassword('erin'));
    assert.equal(reset.name, 'ApiError');
    assert.equal(reset.message, 'Password reset not configured');
  });

  it('reports failures inside the returned state with errorName (R-640, R-644)', async () => {
    await h.auth.signUp('gina', PASSWORD);
    const other = new Client();
    const wrong = await act(h.auth, other, {
      action: 'signIn',
      username: 'gina',
      password: 'wrong-password-1',
    });
    assert.deepEqual(wrong.state, {
      ...(await current(h.auth, new Client())),
      error: 'Invalid username or password',
      errorName: 'InvalidCredentialsException',
    });
    const taken = await act(h.auth, other, { action: 'signUp', username: 'gina', password: PASSWORD });
    assert.equal(taken.state.error, 'Username already exists');
    assert.equal(taken.state.errorName, AuthBasicErrors.UserAlreadyExists);
    const weak = await act(h.auth, other, { action: 'signUp', username: 'hank', password: 'short1' });
    assert.equal(weak.state.errorName, AuthBasicErrors.InvalidPassword);
    const reset = await act(h.auth, other, { action: 'resetPassword', username: 'gina' });
    assert.equal(reset.state.state, 'signedOut');
    assert.equal(reset.state.error, 'Password reset not configured');
    assert.equal(reset.state.errorName, undefined);
    assert.equal(other.jar.size, 0);
  });

  it('keeps a signed-in caller signedIn when an action fails or is unknown (D-17)', async () => {
    const b = new Client();
    const { state: signedIn } = await act(h.auth, b, {
      action: 'signUp',
      username: 'ivan',
      password: PASSWORD,
    });
    assert.deepEqual((await act(h.auth, b, { action: 'bogus' })).state, {
      ...signedIn,
      error: 'Unknown action: bogus',
    });
    for (const action of ['autoSignIn', 'confirmSignIn', 'signInWithPasskey']) {
      const { state } = await act(h.auth, b, { action, username: 'ivan' });
      assert.equal(state.state, 'signedIn');
      assert.equal(state.error, `Unknown action: ${action}`);
      assert.equal(state.errorName, undefined);
    }
    const failed = await act(h.auth, b, { action: 'signIn', username: 'ivan', password: 'wrong-password-1' });
    assert.equal(failed.state.state, 'signedIn');
    assert.equal(failed.state.errorName, AuthBasicErrors.InvalidCredentials);
    const huge = await act(h.auth, b, { action: 'x'.repeat(100_000) });
    assert.equal(huge.state.error, 'Unknown action');
    assert.equal((await current(h.auth, b)).state, 'signedIn');
  });

  it('never rejects, even when the state cannot be recomputed (D-17)', async () => {
    const broken = await makeAuth();
    const b = new Client();
    await act(broken.auth, b, { action: 'signUp', username: 'jill', password: PASSWORD });
    await broken.engine.close();
    const { state } = await act(broken.auth, b, { action: 'signIn', username: 'jill', password: PASSWORD });
    assert.equal(state.state, 'signedOut');
    assert.equal(state.errorName, 'EngineUnavailableException');
    assert.equal(state.retriable, true);
  });

  it('hides the message of an unexpected error and logs it server-side', async () => {
    // Delivery errors never reach the answer (the outbox retries them), so a failing clock stands in
    // for an unexpected failure inside an action.
    let broken = false;
    const throwing = await makeAuth({
      codes: true,
      clock: () => {
        if (broken) throw new TypeError('smtp://user:hunter2@mail failed');
        return Date.UTC(2030, 0, 1);
      },
    });
    broken = true;
    try {
      const { state } = await act(throwing.auth, new Client(), {
        action: 'signUp',
        username: 'kim',
        password: PASSWORD,
      });
      assert.equal(state.error, 'Internal error');
      assert.equal(state.errorName, 'InternalError');
      assert.ok(
        throwing.logLines.some((line) => line.includes('hunter2')),
        'the cause is logged',
      );
    } finally {
      await throwing.close();
    }
  });

  it('serves the deprecated buildApi() namespace (R-622)', async () => {
    const legacy = h.auth.buildApi() as unknown as (context: ReturnType<Client['context']>) => {
      signUp(u: string, p: string): Promise<unknown>;
      signIn(u: string, p: string): Promise<unknown>;
      signOut(): Promise<unknown>;
      getCurrentUser(): Promise<unknown>;
    };
    const b = new Client();
    const up = await b.run((ctx) => legacy(ctx).signUp('legacy-user', PASSWORD));
    assert.deepEqual(up.result, { username: 'legacy-user' });
    assert.ok(sessionCookie(up.context, h.auth.cookieName), 'signs in when codes are off');
    assert.equal(
      ((await b.run((ctx) => legacy(ctx).getCurrentUser())).result as { username: string }).username,
      'legacy-user',
    );
    assert.deepEqual((await b.run((ctx) => legacy(ctx).signOut())).result, { success: true });
    assert.equal((await b.run((ctx) => legacy(ctx).getCurrentUser())).result, null);
    assert.deepEqual((await b.run((ctx) => legacy(ctx).signIn('legacy-user', PASSWORD))).result, {
      username: 'legacy-user',
    });
    const error = await rejection(b.run((ctx) => legacy(ctx).signIn('legacy-user', 'wrong-password-1')));
    assert.equal(error.name, AuthBasicErrors.InvalidCredentials);
  });
});

describe('AuthBasic flows with codeDelivery (R-642)', () => {
  let h: Harness;
  before(async () => {
    h = await makeAuth({ codes: true });
  });
  after(() => h.close());

  it('runs sign-up, confirmation, reset and sign-in', async () => {
    const b = new Client();
    assert.equal((await current(h.auth, b)).actions.length, 3);
    const up = await act(h.auth, b, { action: 'signUp', username: 'hana', password: PASSWORD });
    assert.equal(up.state.state, 'confirmingSignUp');
    assert.equal(up.state.actions[0]?.fields[0]?.defaultValue, 'hana');
    assert.equal(sessionCookie(up.context, h.auth.cookieName), undefined, 'no session before confirmation');
    assert.deepEqual(h.deliveries, [{ username: 'hana', code: await h.lastCode('hana'), purpose: 'signup' }]);
    const code = await h.lastCode('hana');
    assert.match(code, /^[1-9]\d{5}$/);

    const early = await act(h.auth, new Client(), { action: 'signIn', username: 'hana', password: PASSWORD });
    assert.equal(early.state.errorName, AuthBasicErrors.InvalidCredentials);

    const confirmed = await act(h.auth, b, {
      action: 'confirmSignUp',
      username: 'hana',
      code,
      password: PASSWORD,
    });
    assert.equal(confirmed.state.state, 'signedIn');
    assert.ok(sessionCookie(confirmed.context, h.auth.cookieName));
    assert.equal((await h.auth.requireAuth(b.context())).username, 'hana');

    const reuse = await act(h.auth, new Client(), {
      action: 'confirmSignUp',
      username: 'hana',
      code,
      password: PASSWORD,
    });
    assert.equal(reuse.state.errorName, AuthBasicErrors.InvalidCode);

    const r = new Client();
    const reset = await act(h.auth, r, { action: 'resetPassword', username: 'hana' });
    assert.equal(reset.state.state, 'confirmingPasswordReset');
    const resetCode = await h.lastCode('hana', 'reset');
    const done = await act(h.auth, r, {
      action: 'confirmResetPassword',
      username: 'hana',
      code: resetCode,
      newPassword: 'brand-new-pass-9',
    });
    assert.deepEqual(done.state, await current(h.auth, new Client()));
    const old = await act(h.auth, r, { action: 'signIn', username: 'hana', password: PASSWORD });
    assert.equal(old.state.errorName, AuthBasicErrors.InvalidCredentials);
    const fresh = await act(h.auth, r, { action: 'signIn', username: 'hana', password: 'brand-new-pass-9' });
    assert.equal(fresh.state.user?.createdAt, confirmed.state.user?.createdAt, 'reset keeps createdAt');
  });

  it('confirms with the server methods without signing in (R-615)', async () => {
    await h.auth.signUp('ivy', PASSWORD);
    await h.auth.confirmSignUp('ivy', await h.lastCode('ivy'));
    assert.equal((await h.auth.signIn('ivy', PASSWORD, new Client().context())).username, 'ivy');
    const error = await rejection(h.auth.confirmSignUp('ivy', await h.lastCode('ivy')));
    assert.equal(error.name, AuthBasicErrors.InvalidCode);
  });

  it('answers a reset for an unknown user like for a real one and delivers nothing (R-643)', async () => {
    const before = h.deliveries.length;
    const { state } = await act(h.auth, new Client(), { action: 'resetPassword', username: 'nobody' });
    assert.equal(state.state, 'confirmingPasswordReset');
    assert.equal(state.error, undefined);
    assert.equal(h.deliveries.length, before);
  });

  it('requires the password in the state machine confirmSignUp, keeping the code', async () => {
    const b = new Client();
    await act(h.auth, b, { action: 'signUp', username: 'jack', password: PASSWORD });
    const code = await h.lastCode('jack');
    const missing = await act(h.auth, b, { action: 'confirmSignUp', username: 'jack', code });
    assert.equal(missing.state.error, 'Password required to complete confirmSignUp');
    assert.equal(missing.state.errorName, undefined);
    assert.equal(missing.state.state, 'confirmingSignUp');
    const ok = await act(h.auth, b, { action: 'confirmSignUp', username: 'jack', code, password: PASSWORD });
    assert.equal(ok.state.state, 'signedIn');
  });

  it('resumes a confirming state after a reload, with the username pre-filled (D-16)', async () => {
    const b = new Client();
    await act(h.auth, b, { action: 'signUp', username: 'kate', password: PASSWORD });
    const resumed = await current(h.auth, b);
    assert.equal(resumed.state, 'confirmingSignUp');
    assert.equal(resumed.actions[0]?.fields[0]?.defaultValue, 'kate');
    assert.equal((await current(h.auth, new Client())).state, 'signedOut');

    const wrong = await act(h.auth, b, {
      action: 'confirmSignUp',
      username: 'kate',
      code: '000000',
      password: PASSWORD,
    });
    assert.equal(wrong.state.state, 'confirmingSignUp', 'a wrong code keeps the confirmation form');
    assert.equal(wrong.state.errorName, AuthBasicErrors.InvalidCode);

    const cancelled = await act(h.auth, b, { action: 'signOut' });
    assert.equal(cancelled.state.state, 'signedOut');
    assert.equal((await current(h.auth, b)).state, 'signedOut', 'Cancel leaves the flow');

    const r = new Client();
    await act(h.auth, r, { action: 'resetPassword', username: 'kate' });
    const resumedReset = await current(h.auth, r);
    assert.equal(resumedReset.state, 'confirmingPasswordReset');
    assert.equal(resumedReset.actions[0]?.fields[0]?.defaultValue, 'kate');
    const signIn = await act(h.auth, r, { action: 'signIn', username: 'kate', password: 'wrong-password-1' });
    assert.equal(signIn.state.state, 'signedOut', 'a sign-in attempt leaves the reset flow');
    assert.equal((await current(h.auth, r)).state, 'signedOut');
  });

  it('ignores a forged or expired pending-flow cookie', async () => {
    const forged = new Client({ headers: { cookie: `${h.auth.cookieName}_flow=eyJhbGciOiJub25lIn0.e30.` } });
    assert.equal((await current(h.auth, forged)).state, 'signedOut');
    const b = new Client();
    await act(h.auth, b, { action: 'signUp', username: 'liam', password: PASSWORD });
    h.clock.advance(601);
    assert.equal((await current(h.auth, b)).state, 'signedOut');
  });

  it('never lets a codeDelivery error reach the answer: the outbox retries it with backoff (D-15)', async () => {
    let fail = true;
    const flakyCodes = new Map<string, string>();
    const flaky = await makeAuth({
      codeDelivery: (username, code) => {
        if (fail) throw new Error(`mail server down while sending ${code}`);
        flakyCodes.set(username, code);
      },
    });
    try {
      await flaky.auth.signUp('mona', PASSWORD);
      await flaky.flush();
      const failed = flaky.events.filter((e) => e.type === 'codeDeliveryFailed');
      assert.equal(failed.length, 1);
      assert.equal(failed[0]?.username, 'mona');
      assert.equal(failed[0]?.count, 1);
      assert.ok(
        flaky.logLines.some((line) => line.includes('mail server down')),
        'logged',
      );
      assert.ok(
        flaky.logLines.every((line) => !/sending \d{6}/.test(line)),
        'the code is blanked out of the log',
      );
      fail = false;
      assert.equal(await flaky.auth.deliverPendingCodes(), 0, 'not due before its backoff');
      flaky.clock.advance(1);
      assert.equal(await flaky.auth.deliverPendingCodes(), 1);
      await flaky.auth.confirmSignUp('mona', flakyCodes.get('mona') as string);
      assert.equal((await flaky.auth.signIn('mona', PASSWORD, new Client().context())).username, 'mona');
      assert.equal(flaky.events.filter((e) => e.type === 'codeSent').length, 1);
    } finally {
      await flaky.close();
    }
  });
});

describe('AuthBasic bad input (item 7)', () => {
  let h: Harness;
  before(async () => {
    h = await makeAuth({ codes: true });
  });
  after(() => h.close());

  async function expectNamed(input: unknown, names: string[], label: string) {
    const b = new Client();
    const { state } = await act(h.auth, b, input);
    assert.ok(names.includes(state.errorName as string), `${label}: ${JSON.stringify(state).slice(0, 200)}`);
    assert.equal(state.state, 'signedOut', label);
    assert.equal(b.jar.size, 0, `${label}: no cookie`);
  }

  it('refuses malformed usernames with InvalidParameterException and stores nothing', async () => {
    const cases: unknown[] = [
      12345,
      { name: 'x' },
      ['x'],
      null,
      undefined,
      '',
      '   ',
      'a\u0000b',
      'a\nb',
      'a'.repeat(129),
    ];
    for (const action of ['signUp', 'signIn', 'resetPassword', 'resendSignUpCode']) {
      for (const username of cases) {
        await expectNamed(
          { action, username, password: PASSWORD },
          [AuthBasicErrors.InvalidParameter],
          `${action} ${JSON.stringify(username)}`,
        );
      }
    }
    assert.equal(h.deliveries.length, 0);
    assert.equal(await h.auth.admin.getUser('x'), null);
  });

  it('refuses malformed passwords with a named error and stores nothing', async () => {
    for (const password of [12345678, { v: 1 }, [PASSWORD], null, undefined, true, '']) {
      await expectNamed(
        { action: 'signUp', username: 'pw-user', password },
        [AuthBasicErrors.InvalidParameter],
        `signUp ${JSON.stringify(password)}`,
      );
      await expectNamed(
        { action: 'signIn', username: 'pw-user', password },
        [AuthBasicErrors.InvalidParameter],
        `signIn ${JSON.stringify(password)}`,
      );
    }
    await expectNamed(
      { action: 'signUp', username: 'pw-user', password: 'a1'.repeat(150) },
      [AuthBasicErrors.InvalidPassword],
      'over maxLength',
    );
    await expectNamed(
      { action: 'signUp', username: 'pw-user', password: 'x1'.repeat(512 * 1024) },
      [AuthBasicErrors.InvalidParameter],
      '1 MB',
    );
    await expectNamed(
      { action: 'signIn', username: 'pw-user', password: 'x1'.repeat(512 * 1024) },
      [AuthBasicErrors.InvalidParameter],
      'signIn 1 MB',
    );
    await expectNamed(
      { action: 'signUp', username: 'pw-user', password: 'ab\ud800cdefgh1' },
      [AuthBasicErrors.InvalidParameter],
      'lone surrogate',
    );
    assert.equal(await h.auth.admin.getUser('pw-user'), null);
  });

  it('refuses malformed codes without using an attempt, and keeps the account pending', async () => {
    const b = new Client();
    await act(h.auth, b, { action: 'signUp', username: 'code-user', password: PASSWORD });
    const code = await h.lastCode('code-user');
    for (const bad of [Number(code), { code }, null, undefined, '', '   ', code.repeat(200)]) {
      await expectNamed(
        { action: 'confirmSignUp', username: 'code-user', code: bad, password: PASSWORD },
        [AuthBasicErrors.InvalidParameter],
        `code ${JSON.stringify(bad)}`,
      );
    }
    for (let i = 0; i < 10; i++) {
      await expectNamed(
        { action: 'confirmSignUp', username: 'code-user', code: 'abcdef', password: PASSWORD },
        [AuthBasicErrors.InvalidCode],
        'non-digits',
      );
    }
    const { state } = await act(h.auth, b, {
      action: 'confirmSignUp',
      username: 'code-user',
      code: ` ${code} `,
      password: PASSWORD,
    });
    assert.equal(state.state, 'signedIn', 'the code survived and is trimmed');
  });

  it('refuses the nested { action, data } shape and non-object inputs', async () => {
    await expectNamed(
      { action: 'signUp', data: { username: 'nested', password: PASSWORD } },
      [AuthBasicErrors.InvalidParameter],
      'nested',
    );
    for (const input of [
      'signIn',
      42,
      true,
      null,
      undefined,
      [{ action: 'signIn' }],
      {},
      { action: 42 },
      { action: null },
    ]) {
      await expectNamed(input, [AuthBasicErrors.InvalidParameter], `input ${JSON.stringify(input)}`);
    }
    assert.equal(await h.auth.admin.getUser('nested'), null);
  });

  it('ignores extra fields, as the reference does (R-639)', async () => {
    const { state } = await act(h.auth, new Client(), {
      action: 'signUp',
      username: 'extra',
      password: PASSWORD,
      email: 'extra@example.com',
      __proto__: { admin: true },
    });
    assert.equal(state.state, 'confirmingSignUp');
  });
});
