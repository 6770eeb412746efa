import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStore, type KvEngine, openEngine } from '@blockyard/kv-store';
import { addressKey } from './client-address.js';
import { DEFAULT_LOCKOUT, lockoutSeconds } from './lockout.js';
import { type Reservation, SignInThrottle, type ThrottleValue } from './sign-in-throttle.js';

describe('lockoutSeconds (D-14)', () => {
  it('is 0 below maxFailures, then baseSeconds * 2^(n - maxFailures), capped at maxSeconds', () => {
    const o = DEFAULT_LOCKOUT;
    assert.deepEqual(
      [0, 4, 5, 6, 7, 8, 14, 15, 100, 10_000].map((n) => lockoutSeconds(n, o)),
      [0, 0, 1, 2, 4, 8, 512, 900, 900, 900],
    );
    assert.equal(lockoutSeconds(3, { ...o, maxFailures: 3, baseSeconds: 10, maxSeconds: 25 }), 10);
    assert.equal(lockoutSeconds(5, { ...o, maxFailures: 3, baseSeconds: 10, maxSeconds: 25 }), 25);
  });
});

describe('addressKey', () => {
  it('keeps IPv4 addresses, unwraps IPv4-mapped ones and groups IPv6 by /64', () => {
    assert.equal(addressKey('203.0.113.9'), '203.0.113.9');
    assert.equal(addressKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(addressKey('2001:db8:1:2:aaaa::1'), '2001:0db8:0001:0002::/64');
    assert.equal(addressKey('2001:db8:1:2:bbbb::7'), addressKey('2001:db8:1:2:aaaa::1'));
    assert.notEqual(addressKey('2001:db8:1:3::1'), addressKey('2001:db8:1:2::1'));
    assert.equal(addressKey('::1'), '0000:0000:0000:0000::/64');
    assert.equal(addressKey(''), null);
    assert.equal(addressKey(undefined), null);
    assert.match(addressKey('not an address') ?? '', /^h-/);
  });
});

describe('SignInThrottle (D-14, injected clock)', () => {
  let engine: KvEngine;
  let throttle: SignInThrottle;
  const t0 = 1_900_000_000_000;
  const options = {
    ...DEFAULT_LOCKOUT,
    maxFailures: 3,
    baseSeconds: 10,
    maxSeconds: 40,
    maxAddressFailures: 8,
    addressWindowSeconds: 60,
  };
  before(async () => {
    engine = await openEngine('memory:', { purgeIntervalMs: 0 });
    throttle = new SignInThrottle(
      new KVStore<ThrottleValue>(new Scope('thr'), 'throttle', { engine }),
      options,
    );
  });
  after(() => engine.close());

  // One attempt that is checked and fails (refused attempts are settled by the throttle itself).
  const recordFailure = async (t: SignInThrottle, u: string, address: string | undefined, now: number) => {
    const reserved = await t.reserve(u, address, now);
    if (reserved.ok) await reserved.reservation.fail(now);
  };
  // Whether an attempt now would be refused; an allowed one is held in `held` to settle later.
  let held: Reservation | undefined;
  const check = async (t: SignInThrottle, u: string, address: string | undefined, now: number) => {
    const reserved = await t.reserve(u, address, now);
    if (!reserved.ok) return reserved.refusal;
    held = reserved.reservation;
    return null;
  };

  it('locks a username at maxFailures and doubles the lock with each further failure', async () => {
    const u = 'victim';
    let now = t0;
    for (let i = 0; i < 2; i++) await recordFailure(throttle, u, undefined, now);
    assert.equal(await check(throttle, u, undefined, now), null);
    await held?.fail(now);
    assert.deepEqual(await check(throttle, u, undefined, now), { reason: 'username', waitSeconds: 10 });
    now += 10_000;
    assert.equal(await check(throttle, u, undefined, now), null, 'the lock ends');
    await held?.fail(now);
    assert.deepEqual(await check(throttle, u, undefined, now), { reason: 'username', waitSeconds: 20 });
    now += 20_000;
    await recordFailure(throttle, u, undefined, now);
    assert.deepEqual(await check(throttle, u, undefined, now), { reason: 'username', waitSeconds: 40 });
    now += 40_000;
    await recordFailure(throttle, u, undefined, now);
    assert.deepEqual(
      await check(throttle, u, undefined, now),
      { reason: 'username', waitSeconds: 40 },
      'capped',
    );
  });

  it('starts counting from zero after a success', async () => {
    const u = 'forgetful';
    for (let i = 0; i < 2; i++) await recordFailure(throttle, u, undefined, t0);
    const reserved = await throttle.reserve(u, undefined, t0);
    assert.ok(reserved.ok);
    await reserved.reservation.succeed();
    for (let i = 0; i < 2; i++) await recordFailure(throttle, u, undefined, t0);
    assert.equal(await check(throttle, u, undefined, t0), null);
    await held?.succeed();
  });

  it('bounds failures per client address across usernames, per window', async () => {
    const addr = '198.51.100.7';
    const start = Math.ceil(t0 / 60_000) * 60_000;
    for (let i = 0; i < 8; i++) await recordFailure(throttle, `spray-${i}`, addr, start);
    const refusal = await check(throttle, 'someone-else', addr, start + 15_000);
    assert.deepEqual(refusal, { reason: 'address', waitSeconds: 45 });
    assert.equal(await check(throttle, 'someone-else', '198.51.100.8', start), null, 'other addresses pass');
    await held?.succeed();
    assert.equal(await check(throttle, 'someone-else', addr, start + 60_000), null, 'the next window passes');
    await held?.succeed();
  });

  it('holds across instances sharing the engine', async () => {
    const other = new SignInThrottle(new KVStore<ThrottleValue>(new Scope('thr'), 'throttle', { engine }), {
      ...DEFAULT_LOCKOUT,
      maxFailures: 3,
      baseSeconds: 10,
      maxSeconds: 40,
    });
    for (let i = 0; i < 3; i++) await recordFailure(throttle, 'shared', undefined, t0);
    assert.equal((await check(other, 'shared', undefined, t0))?.reason, 'username');
  });

  it('loses no failure under concurrent attempts', async () => {
    await Promise.all(Array.from({ length: 3 }, () => recordFailure(throttle, 'burst', undefined, t0)));
    assert.equal((await check(throttle, 'burst', undefined, t0))?.reason, 'username');
  });

  it('reserves before checking: of a parallel burst, at most maxFailures are allowed', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () => throttle.reserve('parallel', '198.51.100.9', t0)),
    );
    const allowed = results.filter((r) => r.ok);
    assert.equal(allowed.length, options.maxFailures);
    await Promise.all(allowed.map((r) => r.ok && r.reservation.fail(t0)));
    const later = t0 + 10_000;
    const again = await Promise.all(
      Array.from({ length: 20 }, () => throttle.reserve('parallel', '198.51.100.10', later)),
    );
    assert.equal(again.filter((r) => r.ok).length, 1, 'an expired lock grants exactly one attempt');
  });

  it('bounds a parallel burst from one address at maxAddressFailures', async () => {
    const start = Math.ceil(t0 / 60_000) * 60_000 + 120_000;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => throttle.reserve(`addr-burst-${i}`, '198.51.100.11', start)),
    );
    assert.equal(results.filter((r) => r.ok).length, options.maxAddressFailures);
  });

  it('lets another attempt take over a claim whose request died', async () => {
    for (let i = 0; i < 2; i++) await recordFailure(throttle, 'crashed', undefined, t0);
    assert.ok((await throttle.reserve('crashed', undefined, t0)).ok, 'claims the threshold, never settled');
    assert.equal((await check(throttle, 'crashed', undefined, t0 + 1_000))?.reason, 'username');
    assert.equal(await check(throttle, 'crashed', undefined, t0 + 61_000), null);
    await held?.fail(t0 + 61_000);
    assert.deepEqual(await check(throttle, 'crashed', undefined, t0 + 62_000), {
      reason: 'username',
      waitSeconds: 9,
    });
  });
});
