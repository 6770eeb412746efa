import { createHash, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { ApiError } from '@blockyard/core';
import type { KVStore } from '@blockyard/kv-store';
import { cachedPromise } from '../once.js';
import type { KeyLookup } from './jws-hs256.js';

/** A signing key and its id, as tokens name it in their `kid` header. */
export interface SigningKey {
  readonly kid: string;
  readonly key: KeyObject;
}

/** What the `signing-keys` store holds: `current` → {@link CurrentKeyRecord}, `key:<kid>` → {@link KeyRecord}. */
export type SigningKeyValue = CurrentKeyRecord | KeyRecord;

/** Names the key new tokens are signed with. */
export interface CurrentKeyRecord {
  kid: string;
}

/** One generated key (secret material, base64url). */
export interface KeyRecord {
  kid: string;
  secret: string;
  createdAt: string;
}

const CURRENT = 'current';
const KID = /^[A-Za-z0-9_-]{1,64}$/;

/** The environment variable that supplies signing keys (comma-separated, current key first). */
export const SIGNING_KEYS_ENV = 'BLOCKS_AUTH_SIGNING_KEYS';
/** Shortest accepted key from {@link SIGNING_KEYS_ENV}, in characters (HS256 wants 256 bits). */
export const MIN_ENV_KEY_LENGTH = 32;

/**
 * The secrets named by `BLOCKS_AUTH_SIGNING_KEYS`: comma-separated, the current one first, each at
 * least {@link MIN_ENV_KEY_LENGTH} characters; `undefined` when the variable is unset or blank. A bad
 * value is an operator's mistake, reported at start-up without echoing the keys. Session signing keys
 * ({@link signingKeysFromEnv}) and code keys (D-25) are made from them.
 */
export function signingSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const raw = env[SIGNING_KEYS_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const secrets = raw.split(',').map((part) => part.trim());
  secrets.forEach((secret, index) => {
    if (secret.length < MIN_ENV_KEY_LENGTH) {
      throw new ApiError(
        `${SIGNING_KEYS_ENV}: key ${index + 1} must be at least ${MIN_ENV_KEY_LENGTH} characters (e.g. openssl rand -base64 32)`,
        500,
      );
    }
  });
  return secrets;
}

/** The signing keys named by `BLOCKS_AUTH_SIGNING_KEYS` ({@link signingSecretsFromEnv}), or `undefined`. */
export function signingKeysFromEnv(env: NodeJS.ProcessEnv = process.env): SigningKey[] | undefined {
  return signingSecretsFromEnv(env)?.map(envSigningKey);
}

/** The signing key made of one environment secret (`kid` = `env-` + a digest of it). */
export function envSigningKey(secret: string): SigningKey {
  return keyFromSecret('env', secret);
}

function keyFromSecret(prefix: string, secret: string): SigningKey {
  const digest = createHash('sha256').update(secret).digest('base64url').slice(0, 16);
  return { kid: `${prefix}-${digest}`, key: createSecretKey(Buffer.from(secret, 'utf8')) };
}

/**
 * The HS256 keys of one AuthBasic block (D-13).
 *
 * The first key is the AppSetting secret `jwt-secret`; its id is `app-` plus a digest of
 * it. {@link rotate} generates a new random key, stores it under `key:<kid>` and points `current` at
 * it; both live in the engine, so every instance sharing it signs with the new key from its next
 * sign-in and still verifies tokens signed with older keys until they expire. Keys are cached in
 * memory after first use; a token naming a kid this instance has not seen yet triggers one read.
 *
 * With keys from the environment ({@link signingKeysFromEnv}), only those sign and verify — the
 * first signs — so a copy of the database alone cannot mint a session; rotation is then done by
 * putting a new key first and keeping the old ones until their sessions have expired.
 */
export class SigningKeys implements KeyLookup {
  readonly #store: KVStore<SigningKeyValue>;
  readonly #secret: () => Promise<string>;
  readonly #cache = new Map<string, KeyObject>();
  readonly #fixed: readonly SigningKey[] | undefined;
  // The key from the AppSetting secret; a failed read (engine briefly down) is retried next time (G-09).
  readonly #initialKey = cachedPromise(async (): Promise<SigningKey> => {
    const key = keyFromSecret('app', await this.#secret());
    this.#cache.set(key.kid, key.key);
    return key;
  });

  constructor(store: KVStore<SigningKeyValue>, secret: () => Promise<string>, fixed?: readonly SigningKey[]) {
    this.#store = store;
    this.#secret = secret;
    this.#fixed = fixed && fixed.length > 0 ? fixed : undefined;
    for (const key of this.#fixed ?? []) this.#cache.set(key.kid, key.key);
  }

  /** Whether the keys come from the environment (then {@link rotate} is refused). */
  get fromEnvironment(): boolean {
    return this.#fixed !== undefined;
  }

  /** The key new tokens are signed with (reads `current` from the engine each time). */
  async current(): Promise<SigningKey> {
    if (this.#fixed?.[0]) return this.#fixed[0];
    const pointer = await this.#store.get(CURRENT);
    if (pointer && typeof pointer.kid === 'string') {
      const key = await this.resolve(pointer.kid);
      if (key) return { kid: pointer.kid, key };
    }
    return this.#initialKey();
  }

  /** The key with id `kid` if it is in memory already (the hot path: no I/O, no promise). */
  cached(kid: unknown): KeyObject | undefined {
    return typeof kid === 'string' ? this.#cache.get(kid) : undefined;
  }

  /** The key with id `kid`, or `null` when no such key exists. */
  async resolve(kid: unknown): Promise<KeyObject | null> {
    if (typeof kid !== 'string' || !KID.test(kid)) return null;
    const cached = this.#cache.get(kid);
    if (cached) return cached;
    if (this.#fixed) return null;
    if (kid.startsWith('app-')) {
      const initial = await this.#initialKey();
      return initial.kid === kid ? initial.key : null;
    }
    const record = await this.#store.get(`key:${kid}`);
    if (!record || !('secret' in record) || typeof record.secret !== 'string') return null;
    const key = createSecretKey(Buffer.from(record.secret, 'base64url'));
    this.#cache.set(kid, key);
    return key;
  }

  /**
   * Generates a new key and makes it current; returns its id. Tokens signed with earlier keys stay
   * valid until their own expiry.
   */
  async rotate(now: Date): Promise<string> {
    if (this.#fixed) {
      throw new ApiError(
        `signing keys come from ${SIGNING_KEYS_ENV}; rotate by putting a new key first in it`,
        400,
      );
    }
    const kid = `k-${randomBytes(12).toString('base64url')}`;
    const secret = randomBytes(32);
    await this.#store.put(
      `key:${kid}`,
      { kid, secret: secret.toString('base64url'), createdAt: now.toISOString() },
      { ifNotExists: true },
    );
    await this.#store.put(CURRENT, { kid });
    this.#cache.set(kid, createSecretKey(secret));
    return kid;
  }
}
