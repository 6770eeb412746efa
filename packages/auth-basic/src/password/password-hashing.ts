import { randomBytes } from 'node:crypto';
import type * as Argon2 from 'argon2';
import { cachedPromise } from '../once.js';

/**
 * argon2id parameters for new hashes (D-10): the OWASP Password Storage Cheat Sheet minimum
 * (m = 19 MiB, t = 2, p = 1). The native binding runs them on the libuv thread pool, never on the
 * event loop.
 */
export const ARGON2_PARAMS = {
  type: 2 satisfies typeof Argon2.argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

// The bindings load on the first password operation: importing them costs tens of milliseconds that
// start-up (first answer ≤ 0.5 s) should not pay for a server that has not hashed anything yet.
const loadArgon2 = cachedPromise(() => import('argon2'));
const loadBcrypt = cachedPromise(() => import('bcryptjs').then((module) => module.default));

/** Result of {@link verifyPassword}. */
export interface PasswordCheck {
  /** The password matches the stored hash. */
  ok: boolean;
  /** The stored hash is legacy bcrypt or uses weaker argon2 parameters; re-hash on success. */
  needsRehash: boolean;
}

const BCRYPT_PREFIX = /^\$2[aby]\$\d{2}\$/;

/**
 * Hashes a normalised password with argon2id ({@link ARGON2_PARAMS}). The result is the PHC string in
 * the reference encoding of libargon2 (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), which other
 * libraries (libsodium, argon2-cffi, …) can verify too.
 */
export async function hashPassword(password: string): Promise<string> {
  const argon2 = await loadArgon2();
  return canonicalParamOrder(await argon2.hash(password, ARGON2_PARAMS));
}

// The binding writes its parameters as `m=…,p=…,t=…`; libargon2 and libsodium expect `m=…,t=…,p=…`.
function canonicalParamOrder(encoded: string): string {
  return encoded.replace(/\$m=(\d+),p=(\d+),t=(\d+)\$/, '$m=$1,t=$3,p=$2$');
}

/**
 * Verifies `password` (already NFKC-normalised) against a stored hash: argon2 hashes by the native
 * binding, legacy bcrypt hashes (`$2a$`/`$2b$`/`$2y$`, as the reference stores them) by bcryptjs's
 * asynchronous compare, which yields to the event loop between rounds. `raw` is the password as the
 * user typed it: the reference hashed it without normalising, so legacy hashes are checked against it.
 * A malformed or unknown hash never matches.
 */
export async function verifyPassword(
  stored: string,
  password: string,
  raw = password,
): Promise<PasswordCheck> {
  if (stored.startsWith('$argon2')) {
    try {
      const argon2 = await loadArgon2();
      const ok = await argon2.verify(stored, password);
      return { ok, needsRehash: ok && argon2NeedsRehash(stored) };
    } catch {
      return { ok: false, needsRehash: false };
    }
  }
  if (BCRYPT_PREFIX.test(stored)) {
    try {
      const bcrypt = await loadBcrypt();
      const ok = await bcrypt.compare(raw, stored);
      return { ok, needsRehash: ok };
    } catch {
      return { ok: false, needsRehash: false };
    }
  }
  return { ok: false, needsRehash: false };
}

// Re-hash only to make a hash stronger: a hash made with more memory or passes than ours stays.
function argon2NeedsRehash(stored: string): boolean {
  const [, type, version, params] = stored.split('$');
  if (type !== 'argon2id' || version !== 'v=19' || params === undefined) return true;
  const values = new Map(params.split(',').map((pair) => pair.split('=') as [string, string]));
  const memory = Number(values.get('m'));
  const time = Number(values.get('t'));
  return !(memory >= ARGON2_PARAMS.memoryCost && time >= ARGON2_PARAMS.timeCost);
}

/** The argon2id hash unknown usernames are verified against: made once, with {@link ARGON2_PARAMS}. */
export const getDummyHash: () => Promise<string> = cachedPromise(() =>
  hashPassword(randomBytes(16).toString('base64url')),
);

/**
 * Does the same hashing work as verifying a real account, for an unknown or unconfirmed username
 * (D-15), so that response time does not tell whether the account exists. Always resolves `false`.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await getDummyHash(), password);
  return false;
}
