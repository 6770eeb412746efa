import { type KeyLookup, verifyHs256 } from './jws-hs256.js';
import { loadJose } from './load-jose.js';
import type { SigningKey } from './signing-keys.js';

/**
 * What tells one kind of AuthBasic token from another, and how long it may live. Session tokens have
 * no audience; pending-flow tokens have `auth-flow`; both share everything else.
 */
export interface TokenKind {
  /** The exact `iss`: `bb-auth-basic:<fullId>`. */
  issuer: string;
  /** The exact `aud`, or `undefined` for tokens that must carry none. */
  audience: string | undefined;
  /** Longest accepted `exp - iat`, in seconds. */
  maxLifetimeSeconds: number;
}

/** The time claims every verified token has, plus the rest of its payload. */
export type CheckedClaims = Record<string, unknown> & { iat: number; exp: number };

// Instances' clocks may disagree a little: a token issued by a server slightly ahead is still fine.
export const CLOCK_SKEW_SECONDS = 60;

/**
 * Signs a token of `kind`: HS256 with the key's `kid` in the header; `payload` plus `iss`, `aud` (when
 * the kind has one), `sub` (when given), `iat = nowSeconds` and `exp = iat + lifetimeSeconds`.
 */
export async function signToken(
  key: SigningKey,
  kind: Pick<TokenKind, 'issuer' | 'audience'>,
  payload: Record<string, unknown>,
  nowSeconds: number,
  lifetimeSeconds: number,
  subject?: string,
): Promise<string> {
  const { SignJWT } = await loadJose();
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .setIssuer(kind.issuer)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + lifetimeSeconds);
  if (kind.audience !== undefined) jwt.setAudience(kind.audience);
  if (subject !== undefined) jwt.setSubject(subject);
  return jwt.sign(key.key);
}

/**
 * The one checker of AuthBasic tokens (session and pending-flow alike). Returns the payload, or `null`
 * when the token is not acceptable. In order: the HS256 signature with the key its `kid` names, within
 * the shared length limit ({@link verifyHs256}); `iss` exactly the kind's issuer; `aud` exactly the
 * kind's audience (absent for sessions); `exp` present and in the future; `iat` present, not more than
 * {@link CLOCK_SKEW_SECONDS} in the future and before `exp`; `nbf`, if any, reached (same skew);
 * lifetime `exp - iat` at most the kind's `maxLifetimeSeconds`. The kind-specific claims are the
 * caller's to check.
 */
export async function checkToken(
  token: string,
  keys: KeyLookup,
  kind: TokenKind,
  nowSeconds: number,
): Promise<CheckedClaims | null> {
  const payload = await verifyHs256(token, keys);
  if (!payload || payload.iss !== kind.issuer || payload.aud !== kind.audience) return null;
  const { exp, iat, nbf } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= nowSeconds) return null;
  if (
    typeof iat !== 'number' ||
    !Number.isFinite(iat) ||
    iat > nowSeconds + CLOCK_SKEW_SECONDS ||
    exp <= iat
  ) {
    return null;
  }
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds + CLOCK_SKEW_SECONDS)) return null;
  if (exp - iat > kind.maxLifetimeSeconds) return null;
  return payload as CheckedClaims;
}
