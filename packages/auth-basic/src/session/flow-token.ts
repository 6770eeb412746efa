import { jwtVerify, SignJWT } from 'jose';
import { keyResolver } from './session-token.js';
import type { SigningKey, SigningKeys } from './signing-keys.js';

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
export function signFlowToken(
  key: SigningKey,
  issuer: string,
  claims: FlowClaims,
  nowSeconds: number,
  lifetimeSeconds: number,
): Promise<string> {
  return new SignJWT({ flow: claims.flow, username: claims.username })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + lifetimeSeconds)
    .sign(key.key);
}

/** The claims of a valid pending-flow token, or `null`. */
export async function verifyFlowToken(
  token: string,
  keys: SigningKeys,
  issuer: string,
  nowSeconds: number,
): Promise<FlowClaims | null> {
  if (token.length > 2048) return null;
  try {
    const { payload } = await jwtVerify(token, keyResolver(keys), {
      algorithms: ['HS256'],
      issuer,
      audience: AUDIENCE,
      currentDate: new Date(nowSeconds * 1000),
      requiredClaims: ['exp'],
    });
    const { flow, username } = payload as Record<string, unknown>;
    if ((flow !== 'signUp' && flow !== 'resetPassword') || typeof username !== 'string') return null;
    return { flow, username };
  } catch {
    return null;
  }
}
