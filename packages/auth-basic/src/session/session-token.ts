import type { KeyLookup } from './jws-hs256.js';
import type { SigningKey } from './signing-keys.js';
import { CLOCK_SKEW_SECONDS, checkToken, signToken } from './token-check.js';

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

/** The exact issuer of AuthBasic tokens: `bb-auth-basic:<fullId>`. */
export function tokenIssuer(fullId: string): string {
  return `bb-auth-basic:${fullId}`;
}

/**
 * Signs a session token: HS256 with `kid` in the header, payload `{ username, sid }` plus `iat`,
 * `exp = iat + lifetimeSeconds`, `iss` and `sub` (R-626 plus the session id of D-13).
 */
export async function signSessionToken(
  key: SigningKey,
  issuer: string,
  claims: { username: string; sid: string },
  nowSeconds: number,
  lifetimeSeconds: number,
): Promise<string> {
  return signToken(
    key,
    { issuer, audience: undefined },
    { username: claims.username, sid: claims.sid },
    nowSeconds,
    lifetimeSeconds,
    claims.username,
  );
}

/**
 * Verifies a session token and returns its claims, or `null` when it is not acceptable: the shared
 * checks of {@link checkToken} (signature, exact issuer, no audience — flow tokens carry one — and the
 * time rules, with lifetime at most `maxLifetimeSeconds`, D-13), then `sub` and `sid` present and
 * `username` equal to `sub`.
 */
export async function verifySessionToken(
  token: string,
  keys: KeyLookup,
  issuer: string,
  nowSeconds: number,
  maxLifetimeSeconds: number,
  cache?: VerifiedTokenCache,
): Promise<SessionClaims | null> {
  const known = cache?.check(token, nowSeconds);
  if (known !== undefined) return known;
  const claims = await checkSessionToken(token, keys, issuer, nowSeconds, maxLifetimeSeconds);
  if (claims && cache) cache.set(token, claims);
  return claims;
}

/**
 * Tokens whose signature and time-independent claims were already checked, so that a session's
 * repeat requests skip decoding and HMAC. Only verified tokens enter; expiry is re-checked on every
 * hit; the oldest entries go first once `limit` is reached. (Signing keys are never withdrawn, only
 * added, so a verification stays true; revocation is decided by the session record, read every time.)
 * Entries are found by the token's signature (43 characters to hash instead of the whole token) and
 * then compared with the whole token, so a token that only shares a signature is never a hit.
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, { token: string; claims: SessionClaims }>();
  constructor(private readonly limit = 10_000) {}

  get(token: string): SessionClaims | undefined {
    const entry = this.#entries.get(signatureOf(token));
    return entry !== undefined && entry.token === token ? entry.claims : undefined;
  }

  /**
   * Synchronous fast path: the claims of a known token if it is still within its lifetime, `null`
   * for a known token that expired, `undefined` for a token never verified here.
   */
  check(token: string, nowSeconds: number): SessionClaims | null | undefined {
    const known = this.get(token);
    if (!known) return undefined;
    return known.exp > nowSeconds && known.iat <= nowSeconds + CLOCK_SKEW_SECONDS ? known : null;
  }

  set(token: string, claims: SessionClaims): void {
    const signature = signatureOf(token);
    if (!this.#entries.has(signature) && this.#entries.size >= this.limit) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(signature, { token, claims });
  }
}

function signatureOf(token: string): string {
  return token.slice(token.lastIndexOf('.') + 1);
}

async function checkSessionToken(
  token: string,
  keys: KeyLookup,
  issuer: string,
  nowSeconds: number,
  maxLifetimeSeconds: number,
): Promise<SessionClaims | null> {
  const payload = await checkToken(
    token,
    keys,
    { issuer, audience: undefined, maxLifetimeSeconds },
    nowSeconds,
  );
  if (!payload) return null;
  const { exp, iat, sub, sid, username } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || typeof sid !== 'string' || sid.length === 0) return null;
  if (username !== sub) return null;
  return { username: sub, sid, iat, exp };
}
