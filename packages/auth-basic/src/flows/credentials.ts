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
 * 1. reserve the attempt in the engine (an atomic increment per username and per client address)
 *    before any hashing, and refuse (429) when the reservation passes a bound — so parallel requests
 *    get no more password checks in than sequential ones;
 * 2. load the user and verify the password — against a dummy argon2id hash when there is no such
 *    user, so the work and time are the same;
 * 3. unknown, unconfirmed or disabled account, or wrong password: the reservation stays counted
 *    (which may lock the username) and the answer is InvalidCredentials;
 * 4. success: the reservation is given back and the count reset, and a legacy bcrypt or weaker
 *    argon2 hash is re-hashed (D-10).
 */
export async function verifyCredentials(
  rt: Pick<AuthRuntime, 'events' | 'now' | 'throttle' | 'users'>,
  username: string,
  password: PasswordInput,
  context: BlocksContext | undefined,
): Promise<LoadedUser> {
  const address = clientAddressOf(context);
  const reserved = await rt.throttle.reserve(username, address, rt.now());
  if (!reserved.ok) {
    const { refusal } = reserved;
    rt.events.emit('throttled', { username, clientAddress: address, reason: refusal.reason });
    throw tooManyAttempts('Too many failed sign-in attempts', refusal.waitSeconds);
  }
  const { reservation } = reserved;
  const { loaded, check } = await checkPassword(rt, username, password).catch(async (error: unknown) => {
    // The check did not finish (engine or hashing failure): it counts as a failure, the safe side.
    await reservation.fail(rt.now()).catch(() => {});
    throw error;
  });
  const usable = loaded !== null && !loaded.record.unconfirmed && !loaded.record.disabled;
  if (!check.ok || !usable) {
    await reservation.fail(rt.now());
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
  await reservation.succeed();
  if (check.needsRehash) return upgradeHash(rt, username, loaded, password);
  return loaded;
}

async function checkPassword(
  rt: Pick<AuthRuntime, 'users'>,
  username: string,
  password: PasswordInput,
): Promise<{ loaded: LoadedUser | null; check: { ok: boolean; needsRehash: boolean } }> {
  const loaded = await rt.users.load(username);
  const check = loaded
    ? await verifyPassword(loaded.record.hash, password.value, password.raw)
    : { ok: await verifyAgainstDummy(password.value), needsRehash: false };
  return { loaded, check };
}

async function upgradeHash(
  rt: Pick<AuthRuntime, 'events' | 'users'>,
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
