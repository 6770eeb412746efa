import type { BlocksContext } from '@blockyard/core';
import { invalidCredentials, tooManyAttempts } from '../errors.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../password/password-hashing.js';
import type { AuthRuntime } from '../runtime.js';
import { verifyDeviceToken } from '../session/device-token.js';
import type { Reservation } from '../throttle/sign-in-throttle.js';
import type { LoadedUser } from '../user-store.js';
import type { PasswordInput } from './inputs.js';

/** The client address of a request, when there is one. */
export function clientAddressOf(context: BlocksContext | undefined): string | undefined {
  const address = context?.request?.clientAddress;
  return typeof address === 'string' && address.length > 0 ? address : undefined;
}

/** What checking credentials needs of the runtime. */
export type CredentialsRuntime = Pick<
  AuthRuntime,
  'cookies' | 'devices' | 'events' | 'issuer' | 'keys' | 'now' | 'options' | 'throttle' | 'users'
>;

/**
 * Checks a username and password, with the brute-force bounds of D-14 and the enumeration defence of
 * D-15, and returns the user. In order:
 * 1. reserve the attempt in the engine (an atomic increment per username and per client address)
 *    before any hashing, and refuse (429) when the reservation passes a bound — so parallel requests
 *    get no more password checks in than sequential ones; for a sign-in (`deviceCookie`), a
 *    username lock is passed with a valid device cookie for the username, on that device's own bound
 *    ({@link deviceReservation}) — never for the password checks of a signed-in caller;
 * 2. load the user and verify the password — against a dummy argon2id hash when there is no such
 *    user, so the work and time are the same;
 * 3. unknown, unconfirmed or disabled account, or wrong password: the reservation stays counted
 *    (which may lock the username) and the answer is InvalidCredentials;
 * 4. success: the reservation is given back and the count reset, and a legacy bcrypt or weaker
 *    argon2 hash is re-hashed (D-10).
 */
export async function verifyCredentials(
  rt: CredentialsRuntime,
  username: string,
  password: PasswordInput,
  context: BlocksContext | undefined,
  { deviceCookie = false }: { deviceCookie?: boolean } = {},
): Promise<LoadedUser> {
  const address = clientAddressOf(context);
  const now = rt.now();
  const reserved = await rt.throttle.reserve(username, address, now);
  let reservation: Reservation;
  if (reserved.ok) reservation = reserved.reservation;
  else {
    const { refusal } = reserved;
    const device =
      deviceCookie && refusal.reason === 'username'
        ? await deviceReservation(rt, username, context, now)
        : null;
    if (!device) {
      rt.events.emit('throttled', { username, clientAddress: address, reason: refusal.reason });
      throw tooManyAttempts('Too many failed sign-in attempts', refusal.waitSeconds);
    }
    reservation = device;
  }
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

/**
 * The reservation that lets a request past the lock of `username` (OWASP's device cookies): the
 * request must carry a valid device cookie issued to `username` by an earlier successful sign-in, and
 * that cookie must not be void ({@link DeviceLockout}). `null` otherwise: whoever does not hold the
 * owner's device stays locked out, and the owner does not.
 */
async function deviceReservation(
  rt: CredentialsRuntime,
  username: string,
  context: BlocksContext | undefined,
  nowMs: number,
): Promise<Reservation | null> {
  const token = context ? rt.cookies.readDevice(context) : null;
  if (token === null) return null;
  const expected = { issuer: rt.issuer, maxLifetimeSeconds: rt.options.lockout.deviceCookieSeconds };
  const device = await verifyDeviceToken(token, rt.keys, expected, Math.floor(nowMs / 1000));
  if (!device || device.username !== username) return null;
  return rt.devices.reserve(device.did, device.exp, nowMs);
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
