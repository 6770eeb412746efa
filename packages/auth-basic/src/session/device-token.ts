import type { KeyLookup } from './jws-hs256.js';
import { checkToken } from './token-check.js';

/** What a device cookie says: the account it signed in to and the device's id. */
export interface DeviceClaims {
  username: string;
  /** Random id of this device cookie; its failure count is kept under it. */
  did: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

/**
 * The audience of device tokens (signed with `signToken`: `sub` the username, claim `did`); it tells
 * them from session and pending-flow tokens signed with the same keys.
 */
export const DEVICE_AUDIENCE = 'auth-device';

/**
 * The claims of a valid device token, or `null`: the shared checks of {@link checkToken} (signature,
 * the block's issuer, audience `auth-device`, the time rules, lifetime at most `maxLifetimeSeconds`),
 * then a `sub` and a `did`.
 */
export async function verifyDeviceToken(
  token: string,
  keys: KeyLookup,
  expected: { issuer: string; maxLifetimeSeconds: number },
  nowSeconds: number,
): Promise<DeviceClaims | null> {
  const payload = await checkToken(token, keys, { ...expected, audience: DEVICE_AUDIENCE }, nowSeconds);
  if (!payload) return null;
  const { sub, did, exp } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || typeof did !== 'string' || did.length === 0) return null;
  return { username: sub, did, exp };
}
