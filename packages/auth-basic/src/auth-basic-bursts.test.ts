// Parallel password guessing (D-14): every check reserves its attempt in the engine before hashing,
// so a burst gets no more guesses in than requests sent one at a time — for sign-in, the current
// password of changePassword and deleteAccount, and across two instances sharing PostgreSQL.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { isBlocksError } from '@blockyard/core';
import type { AuthBasic } from './auth-basic.js';
import { AuthBasicErrors } from './errors.js';
import type { AuthEvent } from './events.js';
import { Client, type Harness, makeAuth, rejection } from './test-support/harness.js';

const PASSWORD = 'correct-horse-42';
const MAX = 5;

/** How many password checks ran for `username`: each ends in exactly one of these events. */
function checked(events: AuthEvent[], username: string): number {
  return events.filter(
    (e) =>
      e.username === username &&
      (e.type === 'signInFailed' || e.type === 'signIn' || e.type === 'passwordChanged'),
  ).length;
}

function throttled(events: AuthEvent[], username: string): number {
  return events.filter((e) => e.username === username && e.type === 'throttled').length;
}

async function settle(promises: Promise<unknown>[]): Promise<string[]> {
  const results = await Promise.allSettled(promises);
  return results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).name));
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'condition reached');
}

function burstSuite(name: string, engineUrl: string | undefined, skip: string | false) {
  describe(`parallel guesses (${name})`, { skip }, () => {
    let h: Harness;
    let other: AuthBasic;
    before(async () => {
      h = await makeAuth({
        lockout: { maxFailures: MAX, baseSeconds: 10, maxSeconds: 40, maxAddressFailures: 1000 },
        scopeId: `burst${randomBytes(4).toString('hex')}`,
        ...(engineUrl ? { engineUrl } : {}),
      });
      other = h.sibling();
    });
    after(() => h?.close());

    // Alternates between two instances on the same engine (two server processes).
    const instance = (i: number) => (i % 2 === 0 ? h.auth : other);

    it('lets at most maxFailures of 40 parallel wrong sign-ins reach a hash', async () => {
      await h.auth.signUp('burst', PASSWORD);
      const outcomes = await settle(
        Array.from({ length: 40 }, (_, i) =>
          instance(i).signIn('burst', `wrong-pass-${i}`, new Client().context()),
        ),
      );
      assert.equal(checked(h.events, 'burst'), MAX);
      assert.equal(outcomes.filter((o) => o === AuthBasicErrors.InvalidCredentials).length, MAX);
      assert.equal(outcomes.filter((o) => o === AuthBasicErrors.TooManyAttempts).length, 40 - MAX);
      const locked = await rejection(h.auth.signIn('burst', PASSWORD, new Client().context()));
      assert.ok(isBlocksError(locked, AuthBasicErrors.TooManyAttempts));
    });

    it('refuses the right password sent inside a burst once the limit is reserved', async () => {
      await h.auth.signUp('inside', PASSWORD);
      const wrong = Array.from({ length: 39 }, (_, i) =>
        instance(i).signIn('inside', `wrong-pass-${i}`, new Client().context()),
      );
      const running = settle(wrong);
      await waitUntil(() => throttled(h.events, 'inside') >= 39 - MAX);
      const right = await rejection(other.signIn('inside', PASSWORD, new Client().context()));
      assert.equal(right.name, AuthBasicErrors.TooManyAttempts);
      assert.equal(right.status, 429);
      await running;
      assert.equal(checked(h.events, 'inside'), MAX);
      h.clock.advance(10);
      const user = await h.auth.signIn('inside', PASSWORD, new Client().context());
      assert.equal(user.username, 'inside', 'the lock ends');
    });

    it('bounds guesses of the current password through changePassword with a session', async () => {
      await h.auth.signUp('victim', PASSWORD);
      const stolen = new Client();
      await stolen.run((context) => h.auth.signIn('victim', PASSWORD, context));
      const before = checked(h.events, 'victim');
      const outcomes = await settle(
        Array.from({ length: 40 }, (_, i) =>
          instance(i).changePassword(stolen.context(), `wrong-pass-${i}`, 'taken-over-pass-1'),
        ),
      );
      assert.equal(checked(h.events, 'victim') - before, MAX);
      assert.equal(outcomes.filter((o) => o === 'ok').length, 0);
      const right = await rejection(h.auth.changePassword(stolen.context(), PASSWORD, 'taken-over-pass-1'));
      assert.equal(right.name, AuthBasicErrors.TooManyAttempts);
    });

    it('bounds guesses of the password through deleteAccount with a session', async () => {
      await h.auth.signUp('keeper', PASSWORD);
      const stolen = new Client();
      await stolen.run((context) => h.auth.signIn('keeper', PASSWORD, context));
      const before = checked(h.events, 'keeper');
      await settle(
        Array.from({ length: 40 }, (_, i) => instance(i).deleteAccount(stolen.context(), `wrong-pass-${i}`)),
      );
      assert.equal(checked(h.events, 'keeper') - before, MAX);
      const right = await rejection(h.auth.deleteAccount(stolen.context(), PASSWORD));
      assert.equal(right.name, AuthBasicErrors.TooManyAttempts);
      assert.ok(await h.auth.admin.getUser('keeper'), 'the account is still there');
    });

    it('bounds a parallel burst per client address across usernames', async () => {
      const limited = await makeAuth({
        lockout: { maxAddressFailures: 12 },
        scopeId: `addr${randomBytes(4).toString('hex')}`,
        ...(engineUrl ? { engineUrl } : {}),
      });
      try {
        const sprayer = new Client({ clientAddress: '203.0.113.77' });
        const outcomes = await settle(
          Array.from({ length: 30 }, (_, i) =>
            limited.auth.signIn(`spray-${i}`, 'wrong-pass-1', sprayer.context()),
          ),
        );
        assert.equal(outcomes.filter((o) => o === AuthBasicErrors.InvalidCredentials).length, 12);
        assert.equal(limited.events.filter((e) => e.type === 'signInFailed').length, 12);
      } finally {
        await limited.close();
      }
    });
  });
}

const pgUrl = process.env.BLOCKS_TEST_POSTGRES_URL;
burstSuite('memory engine, two instances', undefined, false);
burstSuite('PostgreSQL, two instances', pgUrl, pgUrl ? false : 'BLOCKS_TEST_POSTGRES_URL is not set');
