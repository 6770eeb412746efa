// The durable code outbox (D-15): answers never wait for codeDelivery; items are delivered right after,
// retried with backoff on failure, and delivered once even when two instances sweep the same engine.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ApiError } from '@blockyard/core';
import { makeAuth, rejection } from './test-support/harness.js';

const PASSWORD = 'correct-horse-42';

describe('code outbox (D-15)', () => {
  it('answers before a slow delivery finishes, and delivers right after', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const delivered: string[] = [];
    const h = await makeAuth({
      codeDelivery: async (username) => {
        await gate;
        delivered.push(username);
      },
    });
    try {
      await h.auth.signUp('slow', PASSWORD);
      await h.auth.admin.createUser('known', PASSWORD);
      await h.auth.resetPassword('known');
      await h.auth.resetPassword('unknown');
      assert.deepEqual(delivered, [], 'the answers came while every delivery was still waiting');
      release();
      await h.flush();
      assert.deepEqual(delivered.sort(), ['known', 'slow'], 'the unknown name gets nothing');
      assert.equal(h.events.filter((e) => e.type === 'codeSent').length, 2);
    } finally {
      release();
      await h.close();
    }
  });

  it('gives an item up after its last attempt, with an event for every failure', async () => {
    const h = await makeAuth({
      codeDelivery: () => {
        throw new Error('no route to mail server');
      },
    });
    try {
      await h.auth.signUp('unlucky', PASSWORD);
      await h.flush();
      for (let i = 0; i < 10; i++) {
        h.clock.advance(120);
        await h.flush();
      }
      const failures = h.events.filter((e) => e.type === 'codeDeliveryFailed');
      assert.equal(failures.length, 8);
      assert.equal(failures.at(-1)?.reason, 'signup-abandoned');
      assert.equal(await h.auth.deliverPendingCodes(), 0, 'nothing is left');
    } finally {
      await h.close();
    }
  });

  it('never retries a delivery error marked permanent', async () => {
    let calls = 0;
    const h = await makeAuth({
      codeDelivery: () => {
        calls += 1;
        throw Object.assign(new Error('the mail server refuses this recipient'), { permanent: true });
      },
    });
    try {
      await h.auth.signUp('unreachable', PASSWORD);
      await h.flush();
      for (let i = 0; i < 5; i++) {
        h.clock.advance(120);
        await h.flush();
      }
      assert.equal(calls, 1);
      const failures = h.events.filter((e) => e.type === 'codeDeliveryFailed');
      assert.deepEqual(
        failures.map((e) => [e.reason, e.count]),
        [['signup-abandoned', 1]],
      );
      assert.equal(await h.auth.deliverPendingCodes(), 0, 'nothing is left');
    } finally {
      await h.close();
    }
  });

  it('refuses at sign-up a username the delivery says it cannot reach, storing nothing', async () => {
    const deliver = Object.assign(() => {}, {
      validateUsername: (username: string) => {
        if (!username.startsWith('+'))
          throw new ApiError('not a phone number', 400, { name: 'NotAPhoneNumber' });
      },
    });
    const h = await makeAuth({ codeDelivery: deliver });
    try {
      assert.equal((await rejection(h.auth.signUp('alice', PASSWORD))).name, 'NotAPhoneNumber');
      assert.equal(await h.auth.admin.getUser('alice'), null);
      await h.auth.signUp('+15550100', PASSWORD);
      assert.equal((await h.auth.admin.getUser('+15550100'))?.username, '+15550100');
    } finally {
      await h.close();
    }
  });

  const pgUrl = process.env.BLOCKS_TEST_POSTGRES_URL;
  it('delivers each item once when two instances on PostgreSQL sweep together', {
    skip: pgUrl ? false : 'BLOCKS_TEST_POSTGRES_URL is not set',
  }, async () => {
    const h = await makeAuth({
      codes: true,
      engineUrl: pgUrl,
      scopeId: `outbox${randomBytes(4).toString('hex')}`,
    });
    try {
      const other = h.sibling();
      const names = Array.from({ length: 12 }, (_, i) => `twice-${i}`);
      for (const name of names) await h.auth.admin.createUser(name, PASSWORD);
      // Items are written by both instances; both sweep at once, several times.
      await Promise.all(names.map((name, i) => (i % 2 ? other : h.auth).resetPassword(name)));
      await Promise.all([
        h.auth.deliverPendingCodes(),
        other.deliverPendingCodes(),
        h.auth.deliverPendingCodes(),
        other.deliverPendingCodes(),
      ]);
      await h.flush();
      for (const name of names) {
        assert.equal(h.deliveries.filter((d) => d.username === name).length, 1, name);
      }
      await h.auth.confirmResetPassword('twice-3', await h.lastCode('twice-3'), 'fresh-pass-55');
    } finally {
      await h.close();
    }
  });
});
