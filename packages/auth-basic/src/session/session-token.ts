import type { KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { SigningKey, SigningKeys } from './signing-keys.js';

/** The claims AuthBasic reads from a verified session token. */
export interface SessionClaims {
  /** Canonical username (`sub`; also in `username` as the reference writes it). */
  username: string;
  /** Server-side session id (D-13). */
  sid: string;
  /** Issued-at, epoch seconds. */
  iat: number;
  /** Expiry, epoch seconds. */
  exp: number;
}

/** Longest cookie value treated as a possible token; anything longer is refused unparsed. */
const MAX_TOKEN_LENGTH = 4096;

/** The exact issuer of AuthBasic tokens: `bb-auth-basic:<fullId>`. */
export function tokenIssuer(fullId: string): string {
  return `bb-auth-basic:${fullId}`;
}

/**
 * Signs a session token: HS256 with `kid` in the header, payload `{ username, sid }` plus `iat`,
 * `exp = iat + lifetimeSeconds`, `iss` and `sub` (R-626 plus the session id of D-13).
 */
export function signSessionToken(
  key: SigningKey,
  issuer: string,
  claims: { username: string; sid: string },
  nowSeconds: number,
  lifetimeSeconds: number,
): Promise<string> {
  return new SignJWT({ username: claims.username, sid: claims.sid })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .setIssuer(issuer)
    .setSubject(claims.username)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + lifetimeSeconds)
    .sign(key.key);
}

/**
 * Verifies a session token and returns its claims, or `null` when it is not acceptable. In order:
 * size; signature with the key its `kid` names, HS256 only; exact issuer; `exp` present and in the
 * future; `iat`, `sub` and `sid` present; no audience (flow tokens carry one); lifetime
 * `exp - iat` at most `maxLifetimeSeconds` (D-13); `username` equal to `sub`.
 */
export async function verifySessionToken(
  token: string,
  keys: SigningKeys,
  issuer: string,
  nowSeconds: number,
  maxLifetimeSeconds: number,
): Promise<SessionClaims | null> {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  try {
    const { payload } = await jwtVerify(token, keyResolver(keys), {
      algorithms: ['HS256'],
      issuer,
      currentDate: new Date(nowSeconds * 1000),
      requiredClaims: ['exp', 'iat', 'sub', 'sid'],
    });
    const { sub, sid, iat, exp, username, aud } = payload as Record<string, unknown>;
    if (aud !== undefined) return null;
    if (typeof sub !== 'string' || typeof sid !== 'string' || username !== sub) return null;
    if (typeof iat !== 'number' || typeof exp !== 'number') return null;
    if (exp - iat > maxLifetimeSeconds || exp <= iat) return null;
    return { username: sub, sid, iat, exp };
  } catch {
    return null;
  }
}

/** jose key lookup by `kid`; an unknown kid makes verification fail. */
export function keyResolver(keys: SigningKeys): (header: { kid?: string }) => Promise<KeyObject> {
  return async (header) => {
    const key = await keys.resolve(header.kid);
    if (!key) throw new Error('unknown signing key');
    return key;
  };
}
