import type { KeyLookup } from './jws-hs256.js';
import type { SigningKey } from './signing-keys.js';
import { checkToken, signToken } from './token-check.js';

/** What a device cookie says: the account it signed in to and the device's id. */
export interface DeviceClaims {
  username: string;
  /** Random id of this device cookie; its failure count is kept under it. */
  did: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

// Distinguishes device tokens from session and pending-flow tokens signed with the same keys.
const AUDIENCE = 'auth-device';

/** Signs a device token (HS256, `kid`, audience `auth-device`) valid for `lifetimeSeconds`. */
export async function signDeviceToken(
  key: SigningKey,
  issuer: string,
  claims: { username: string; did: string },
  nowSeconds: number,
  lifetimeSeconds: number,
): Promise<string> {
  return signToken(
    key,
    { issuer, audience: AUDIENCE },
    { did: claims.did },
    nowSeconds,
    lifetimeSeconds,
    claims.username,
  );
}

/**
 * The claims of a valid device token, or `null`: the shared checks of {@link checkToken} (signature,
 * issuer, audience `auth-device`, the time rules, lifetime at most `maxLifetimeSeconds`), then a
 * `sub` and a `did`.
 */
export async function verifyDeviceToken(
  token: string,
  keys: KeyLookup,
  issuer: string,
  nowSeconds: number,
  maxLifetimeSeconds: number,
): Promise<DeviceClaims | null> {
  const payload = await checkToken(
    token,
    keys,
    { issuer, audience: AUDIENCE, maxLifetimeSeconds },
    nowSeconds,
  );
  if (!payload) return null;
  const { sub, did, exp } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || typeof did !== 'string' || did.length === 0) return null;
  return { username: sub, did, exp };
}
