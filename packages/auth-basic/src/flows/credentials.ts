import type { BlocksContext } from '@blockyard/core';
import { invalidCredentials, tooManyAttempts } from '../errors.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../password/password-hashing.js';
import type { AuthRuntime } from '../runtime.js';
import type { LoadedUser } from '../user-store.js';
import type { PasswordInput } from './inputs.js';

/** The client address of a request, when there is one. */
export function clientAddressOf(context: BlocksContext | undefined): string | undefined {
  const address = context?.request?.clientAddress;
  return typeof address === 'string' && address.length > 0 ? address : undefined;
}

/**
 * Checks a username and password, with the brute-force bounds of D-14 and the enumeration defence of
 * D-15, and returns the user. In order:
 * 1. refuse (429) while the username is locked or the client address has too many failures;
 * 2. load the user and verify the password — against a dummy argon2id hash when there is no such
 *    user, so the work and time are the same;
 * 3. unknown, unconfirmed or disabled account, or wrong password: count a failure (which may lock
 *    the username) and answer InvalidCredentials;
 * 4. success: reset the failure count, and re-hash a legacy bcrypt or weaker argon2 hash (D-10).
 */
export async function verifyCredentials(
  rt: AuthRuntime,
  username: string,
  password: PasswordInput,
  context: BlocksContext | undefined,
): Promise<LoadedUser> {
  const address = clientAddressOf(context);
  const refusal = await rt.throttle.check(username, address, rt.now());
  if (refusal) {
    rt.events.emit('throttled', { username, clientAddress: address, reason: refusal.reason });
    throw tooManyAttempts('Too many failed sign-in attempts', refusal.waitSeconds);
  }
  const loaded = await rt.users.load(username);
  const check = loaded
    ? await verifyPassword(loaded.record.hash, password.value, password.raw)
    : { ok: await verifyAgainstDummy(password.value), needsRehash: false };
  const usable = loaded !== null && !loaded.record.unconfirmed && !loaded.record.disabled;
  if (!check.ok || !usable) {
    await rt.throttle.recordFailure(username, address, rt.now());
    const reason = !loaded
      ? 'unknown-user'
      : !check.ok
        ? 'wrong-password'
        : loaded.record.disabled
          ? 'disabled'
          : 'unconfirmed';
    rt.events.emit('signInFailed', { username, clientAddress: address, reason });
    throw invalidCredentials();
  }
  await rt.throttle.recordSuccess(username);
  if (check.needsRehash) return upgradeHash(rt, username, loaded, password);
  return loaded;
}

async function upgradeHash(
  rt: AuthRuntime,
  username: string,
  loaded: LoadedUser,
  password: PasswordInput,
): Promise<LoadedUser> {
  try {
    const hash = await hashPassword(password.value);
    const record = { ...loaded.record, hash };
    if (await rt.users.replace(username, loaded, record)) return { record, raw: record };
  } catch (error) {
    // The sign-in itself succeeded; the upgrade is retried at the next one.
    rt.events.error('re-hashing a legacy password hash failed', error);
  }
  return loaded;
}
