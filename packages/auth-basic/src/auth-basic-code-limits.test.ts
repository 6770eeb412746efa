// Wrong verification codes are bounded across re-sent codes (D-14, `codeFailureLimit`) and per client
// address, with the injected clock: no real seconds pass.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthBasicErrors } from './errors.js';
import { act, Client, makeAuth, rejection } from './test-support/harness.js';

const PASSWORD = 'correct-horse-42';

/** A six-digit code that is not `code`. */
function wrongCode(code: string, offset = 1): string {
  return String(((Number(code) - 100000 + offset) % 900000) + 100000);
}

describe('codeFailureLimit (D-14)', () => {
  it('refuses confirmation for the rest of the day after 3 × codeAttempts wrong codes across resends', async () => {
    const h = await makeAuth({ codes: true, codeAttempts: 5, codeResendSeconds: 60 });
    try {
      await h.auth.signUp('guessed', PASSWORD);
      for (let round = 0; round < 3; round++) {
        const code = await h.lastCode('guessed');
        for (let i = 1; i <= 5; i++) {
          const wrong = await rejection(h.auth.confirmSignUp('guessed', wrongCode(code, i)));
          assert.equal(wrong.name, AuthBasicErrors.InvalidCode, `round ${round}, guess ${i}`);
        }
        h.clock.advance(60);
        await h.auth.resendSignUpCode('guessed');
      }
      const right = await h.lastCode('guessed');
      const refused = await rejection(h.auth.confirmSignUp('guessed', right));
      assert.equal(refused.name, AuthBasicErrors.TooManyAttempts);
      assert.equal(refused.status, 429);
      assert.equal(refused.retriable, true);
      const waited = Number(/try again in (\d+) seconds/.exec(refused.message)?.[1]);
      assert.equal(waited, 86400 - 3 * 60, 'until the day window ends');
      assert.ok(h.events.some((e) => e.type === 'throttled' && e.reason === 'code-signup'));

      const stateRefusal = await act(h.auth, new Client(), {
        action: 'confirmSignUp',
        username: 'guessed',
        code: right,
        password: PASSWORD,
      });
      assert.equal(stateRefusal.state.errorName, AuthBasicErrors.TooManyAttempts);

      h.clock.advance(waited);
      await h.auth.resendSignUpCode('guessed');
      await h.auth.confirmSignUp('guessed', await h.lastCode('guessed'));
      assert.equal((await h.auth.signIn('guessed', PASSWORD, new Client().context())).username, 'guessed');
    } finally {
      await h.close();
    }
  });

  it('counts wrong reset codes too, and refuses guesses for unknown users with a reset requested alike', async () => {
    const h = await makeAuth({ codes: true, codeAttempts: 2, codeFailureLimit: 4, codeResendSeconds: 0 });
    try {
      await h.auth.admin.createUser('reset-me', PASSWORD);
      await h.auth.resetPassword('reset-me');
      const code = await h.lastCode('reset-me', 'reset');
      for (let i = 1; i <= 4; i++) {
        if (i === 3) await h.auth.resetPassword('reset-me');
        const current = await h.lastCode('reset-me', 'reset');
        const wrong = await rejection(
          h.auth.confirmResetPassword('reset-me', wrongCode(current, i), 'new-pass-77'),
        );
        assert.equal(wrong.name, AuthBasicErrors.InvalidCode);
      }
      assert.equal(
        (await rejection(h.auth.confirmResetPassword('reset-me', code, 'new-pass-77'))).name,
        AuthBasicErrors.TooManyAttempts,
      );
      const refused = await rejection(
        h.auth.confirmResetPassword('reset-me', await h.lastCode('reset-me', 'reset'), 'new-pass-77'),
      );
      assert.equal(refused.name, AuthBasicErrors.TooManyAttempts);

      await h.auth.resetPassword('nobody');
      for (let i = 0; i < 4; i++) {
        assert.equal(
          (await rejection(h.auth.confirmResetPassword('nobody', '123456', 'new-pass-77'))).name,
          AuthBasicErrors.InvalidCode,
        );
      }
      assert.equal(
        (await rejection(h.auth.confirmResetPassword('nobody', '123456', 'new-pass-77'))).name,
        AuthBasicErrors.TooManyAttempts,
        'the same answer as for a real account: the limit reveals nothing',
      );
    } finally {
      await h.close();
    }
  });

  it('bounds parallel wrong codes: no more than codeFailureLimit are checked', async () => {
    const h = await makeAuth({ codes: true, codeAttempts: 10, codeFailureLimit: 10 });
    try {
      await h.auth.signUp('burst', PASSWORD);
      const code = await h.lastCode('burst');
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => h.auth.confirmSignUp('burst', wrongCode(code, i + 1))),
      );
      const names = results.map((r) => (r.status === 'rejected' ? (r.reason as Error).name : 'ok'));
      assert.equal(names.filter((n) => n === AuthBasicErrors.InvalidCode).length, 10);
      assert.equal(names.filter((n) => n === AuthBasicErrors.TooManyAttempts).length, 30);
    } finally {
      await h.close();
    }
  });

  it('bounds wrong codes per client address across usernames', async () => {
    const h = await makeAuth({ codes: true, lockout: { maxAddressFailures: 6, addressWindowSeconds: 600 } });
    try {
      const guesser = new Client({ clientAddress: '198.51.100.23' });
      const answers: string[] = [];
      for (let i = 0; i < 8; i++) {
        const { state } = await act(h.auth, guesser, {
          action: 'confirmSignUp',
          username: `target-${i}`,
          code: '123456',
          password: PASSWORD,
        });
        answers.push(state.errorName ?? 'none');
      }
      assert.deepEqual(answers, [
        ...Array(6).fill(AuthBasicErrors.InvalidCode),
        AuthBasicErrors.TooManyAttempts,
        AuthBasicErrors.TooManyAttempts,
      ]);
      await h.auth.signUp('elsewhere', PASSWORD);
      const other = await act(h.auth, new Client({ clientAddress: '198.51.100.24' }), {
        action: 'confirmSignUp',
        username: 'elsewhere',
        code: await h.lastCode('elsewhere'),
        password: PASSWORD,
      });
      assert.equal(other.state.state, 'signedIn', 'another address is not affected');
      h.clock.advance(600);
      const later = await act(h.auth, guesser, {
        action: 'confirmSignUp',
        username: 'target-0',
        code: '123456',
        password: PASSWORD,
      });
      assert.equal(later.state.errorName, AuthBasicErrors.InvalidCode, 'the window ends');
    } finally {
      await h.close();
    }
  });

  it('does not count wrong codes while no code is pending, so they cannot block a later reset', async () => {
    const h = await makeAuth({ codes: true, codeAttempts: 5 });
    try {
      await h.auth.admin.createUser('victim', PASSWORD);
      // Fifteen wrong codes (3 × codeAttempts, the default codeFailureLimit) and more, with no reset
      // requested, from many addresses.
      for (let i = 0; i < 20; i++) {
        const { state } = await act(h.auth, new Client({ clientAddress: `203.0.113.${i + 1}` }), {
          action: 'confirmResetPassword',
          username: 'victim',
          code: String(100000 + i),
          newPassword: 'new-pass-77',
        });
        assert.equal(state.errorName, AuthBasicErrors.InvalidCode, `guess ${i}`);
      }
      await h.auth.resetPassword('victim');
      await h.auth.confirmResetPassword('victim', await h.lastCode('victim', 'reset'), 'new-pass-77');
      assert.equal((await h.auth.signIn('victim', 'new-pass-77', new Client().context())).username, 'victim');
    } finally {
      await h.close();
    }
  });

  it('bounds wrong codes in a rolling 24 h window, not a calendar day', async () => {
    const h = await makeAuth({ codes: true, codeAttempts: 2, codeFailureLimit: 4, codeResendSeconds: 0 });
    try {
      await h.auth.admin.createUser('rolling', PASSWORD);
      const guessTwice = async () => {
        await h.auth.resetPassword('rolling');
        const code = await h.lastCode('rolling', 'reset');
        for (let i = 1; i <= 2; i++) {
          const wrong = await rejection(
            h.auth.confirmResetPassword('rolling', wrongCode(code, i), 'x-pass-77'),
          );
          assert.equal(wrong.name, AuthBasicErrors.InvalidCode);
        }
      };
      h.clock.advance(20 * 3600); // 20:00 UTC
      await guessTwice();
      h.clock.advance(3 * 3600); // 23:00 UTC
      await guessTwice();
      h.clock.advance(2 * 3600); // 01:00 UTC the next day: a calendar-day window would have ended
      await h.auth.resetPassword('rolling');
      const refused = await rejection(
        h.auth.confirmResetPassword('rolling', await h.lastCode('rolling', 'reset'), 'x-pass-77'),
      );
      assert.equal(refused.name, AuthBasicErrors.TooManyAttempts);
      const waited = Number(/try again in (\d+) seconds/.exec(refused.message)?.[1]);
      assert.equal(waited, 19 * 3600, 'until the oldest wrong code is 24 h old');
      h.clock.advance(waited);
      await h.auth.resetPassword('rolling');
      await h.auth.confirmResetPassword('rolling', await h.lastCode('rolling', 'reset'), 'x-pass-77');
    } finally {
      await h.close();
    }
  });
});
