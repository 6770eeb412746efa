// Device cookies (D-14, OWASP's defence against lockout abuse): a username locked by someone else's
// wrong passwords still lets its owner in from a device that signed in before, on that device's own
// small bound; everyone else stays locked out. Injected clock throughout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storeTableName } from '@blockyard/kv-store/testing';
import { AuthBasicErrors } from './errors.js';
import { act, Client, type Harness, makeAuth, rejection } from './test-support/harness.js';

const PASSWORD = 'correct-horse-42';
const JWT = '[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+';
const LOCKOUT = { maxFailures: 3, baseSeconds: 900, maxSeconds: 900 };

/** Signs in as `username` through the state machine; returns the state's error name or `signedIn`. */
async function signIn(h: Harness, client: Client, username: string, password: string): Promise<string> {
  const { state } = await act(h.auth, client, { action: 'signIn', username, password });
  return state.errorName ?? state.state;
}

/** Locks `username` with wrong passwords from an attacker's own clients. */
async function lockOut(h: Harness, username: string): Promise<void> {
  for (let i = 0; i < LOCKOUT.maxFailures; i++) {
    const attacker = new Client({ clientAddress: `203.0.113.${i + 1}` });
    assert.equal(await signIn(h, attacker, username, `wrong-guess-${i}`), AuthBasicErrors.InvalidCredentials);
  }
  const attacker = new Client({ clientAddress: '203.0.113.99' });
  assert.equal(await signIn(h, attacker, username, PASSWORD), AuthBasicErrors.TooManyAttempts, 'locked');
}

describe('device cookies (D-14)', () => {
  it('a successful sign-in sets a signed HttpOnly device cookie that survives sign-out', async () => {
    const h = await makeAuth({ scopeId: 'devices' });
    try {
      await h.auth.signUp('owner', PASSWORD);
      const owner = new Client();
      const { context } = await act(h.auth, owner, {
        action: 'signIn',
        username: 'owner',
        password: PASSWORD,
      });
      const device = context.setCookies().find((line) => line.startsWith('auth_devices-auth_device='));
      assert.match(
        device ?? '',
        new RegExp(`^auth_devices-auth_device=${JWT}; HttpOnly; SameSite=Lax; Max-Age=2592000; Path=/$`),
      );
      await act(h.auth, owner, { action: 'signOut' });
      assert.equal(owner.jar.has('auth_devices-auth'), false, 'the session cookie is cleared');
      assert.equal(owner.jar.has('auth_devices-auth_device'), true, 'the device cookie stays');
    } finally {
      await h.close();
    }
  });

  it('lets a locked account sign in with its device cookie, and not without it', async () => {
    const h = await makeAuth({ lockout: LOCKOUT });
    try {
      await h.auth.signUp('victim', PASSWORD);
      await h.auth.signUp('bystander', PASSWORD);
      const owner = new Client({ clientAddress: '198.51.100.5' });
      assert.equal(await signIn(h, owner, 'victim', PASSWORD), 'signedIn');
      const other = new Client({ clientAddress: '198.51.100.6' });
      assert.equal(await signIn(h, other, 'bystander', PASSWORD), 'signedIn');
      await act(h.auth, owner, { action: 'signOut' });

      await lockOut(h, 'victim');
      const sameAddress = new Client({ clientAddress: '198.51.100.5' });
      assert.equal(
        await signIn(h, sameAddress, 'victim', PASSWORD),
        AuthBasicErrors.TooManyAttempts,
        'the right password from the owner’s address, without the cookie, stays locked out',
      );
      assert.equal(
        await signIn(h, other, 'victim', PASSWORD),
        AuthBasicErrors.TooManyAttempts,
        'a device cookie of another account does not open the lock',
      );
      assert.equal(await signIn(h, owner, 'victim', PASSWORD), 'signedIn', 'the owner’s device gets in');
      assert.equal((await h.auth.requireAuth(owner.context())).username, 'victim');
      assert.equal(
        await signIn(h, new Client({ clientAddress: '203.0.113.50' }), 'victim', PASSWORD),
        AuthBasicErrors.TooManyAttempts,
        'the owner’s success does not unlock the account for others',
      );
      // The server method takes the same path.
      const again = owner.clone();
      await again.run((context) => h.auth.signIn('victim', PASSWORD, context));
      assert.equal((await h.auth.requireAuth(again.context())).username, 'victim');
    } finally {
      await h.close();
    }
  });

  it('voids a device cookie after its own failure limit; its counter expires with the cookie', async () => {
    const h = await makeAuth({
      lockout: { ...LOCKOUT, deviceMaxFailures: 2, deviceCookieSeconds: 3600 },
      scopeId: 'voiding',
    });
    try {
      await h.auth.signUp('victim', PASSWORD);
      const owner = new Client();
      assert.equal(await signIn(h, owner, 'victim', PASSWORD), 'signedIn');
      await act(h.auth, owner, { action: 'signOut' });
      const stolen = owner.clone();
      await lockOut(h, 'victim');

      // Whoever holds the device (a thief of the laptop, say) gets deviceMaxFailures guesses.
      assert.equal(await signIn(h, stolen, 'victim', 'wrong-guess-a'), AuthBasicErrors.InvalidCredentials);
      assert.equal(await signIn(h, stolen, 'victim', 'wrong-guess-b'), AuthBasicErrors.InvalidCredentials);
      assert.equal(await signIn(h, stolen, 'victim', PASSWORD), AuthBasicErrors.TooManyAttempts, 'void');
      assert.equal(
        await signIn(h, owner, 'victim', PASSWORD),
        AuthBasicErrors.TooManyAttempts,
        'void for all',
      );

      const table = h.engine.table(storeTableName(`${h.auth.fullId}-throttle`));
      const counters = async () => {
        let count = 0;
        for await (const _row of table.scan({ prefix: 'device-fail:' })) count += 1;
        return count;
      };
      assert.equal(await counters(), 1);
      h.clock.advance(3601);
      assert.equal(await counters(), 0, 'the row expires with the cookie, so the sweep removes it');
    } finally {
      await h.close();
    }
  });

  it('bounds parallel guesses through one device cookie at its limit', async () => {
    const h = await makeAuth({ lockout: { ...LOCKOUT, deviceMaxFailures: 2 } });
    try {
      await h.auth.signUp('victim', PASSWORD);
      const owner = new Client();
      assert.equal(await signIn(h, owner, 'victim', PASSWORD), 'signedIn');
      await act(h.auth, owner, { action: 'signOut' });
      await lockOut(h, 'victim');
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => signIn(h, owner.clone(), 'victim', `wrong-${i}`)),
      );
      assert.equal(answers.filter((a) => a === AuthBasicErrors.InvalidCredentials).length, 2);
      assert.equal(answers.filter((a) => a === AuthBasicErrors.TooManyAttempts).length, 8);
    } finally {
      await h.close();
    }
  });

  it('does not let a signed-in caller past the lock in changePassword', async () => {
    const h = await makeAuth({ lockout: LOCKOUT });
    try {
      await h.auth.signUp('victim', PASSWORD);
      const owner = new Client();
      assert.equal(await signIn(h, owner, 'victim', PASSWORD), 'signedIn');
      await lockOut(h, 'victim');
      const refused = await rejection(owner.run((c) => h.auth.changePassword(c, PASSWORD, 'a-new-pass-77')));
      assert.equal(refused.name, AuthBasicErrors.TooManyAttempts);
    } finally {
      await h.close();
    }
  });

  it('ignores a device cookie whose signature or audience is wrong', async () => {
    const h = await makeAuth({ lockout: LOCKOUT, scopeId: 'forged' });
    try {
      await h.auth.signUp('victim', PASSWORD);
      const owner = new Client();
      assert.equal(await signIn(h, owner, 'victim', PASSWORD), 'signedIn');
      await lockOut(h, 'victim');
      const session = owner.jar.get('auth_forged-auth') ?? '';
      const device = owner.jar.get('auth_forged-auth_device') ?? '';
      const forged = new Client();
      forged.jar.set('auth_forged-auth_device', `${device.slice(0, -2)}AA`);
      assert.equal(await signIn(h, forged, 'victim', PASSWORD), AuthBasicErrors.TooManyAttempts);
      const sessionAsDevice = new Client();
      sessionAsDevice.jar.set('auth_forged-auth_device', session);
      assert.equal(await signIn(h, sessionAsDevice, 'victim', PASSWORD), AuthBasicErrors.TooManyAttempts);
    } finally {
      await h.close();
    }
  });
});
