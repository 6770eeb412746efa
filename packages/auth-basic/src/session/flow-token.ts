import { type KeyLookup, verifyHs256 } from './jws-hs256.js';
import { loadJose } from './load-jose.js';
import type { SigningKey } from './signing-keys.js';

/** A confirmation step the browser is in the middle of. */
export type PendingFlow = 'signUp' | 'resetPassword';

/** What the pending-flow cookie says. */
export interface FlowClaims {
  flow: PendingFlow;
  username: string;
}

// Distinguishes flow tokens from session tokens signed with the same keys: session tokens carry no
// audience, flow tokens always this one.
const AUDIENCE = 'auth-flow';

/** Signs a pending-flow token (HS256, `kid`, audience `auth-flow`) valid for `lifetimeSeconds`. */
export async function signFlowToken(
  key: SigningKey,
  issuer: string,
  claims: FlowClaims,
  nowSeconds: number,
  lifetimeSeconds: number,
): Promise<string> {
  const { SignJWT } = await loadJose();
  return new SignJWT({ flow: claims.flow, username: claims.username })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + lifetimeSeconds)
    .sign(key.key);
}

/** The claims of a valid pending-flow token (signature, issuer, audience, unexpired), or `null`. */
export async function verifyFlowToken(
  token: string,
  keys: KeyLookup,
  issuer: string,
  nowSeconds: number,
): Promise<FlowClaims | null> {
  if (token.length > 2048) return null;
  const payload = await verifyHs256(token, keys);
  if (!payload || payload.iss !== issuer || payload.aud !== AUDIENCE) return null;
  const { exp, flow, username } = payload;
  if (typeof exp !== 'number' || exp <= nowSeconds) return null;
  if ((flow !== 'signUp' && flow !== 'resetPassword') || typeof username !== 'string') return null;
  return { flow, username };
}
