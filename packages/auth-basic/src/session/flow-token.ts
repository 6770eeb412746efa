import type { KeyLookup } from './jws-hs256.js';
import type { SigningKey } from './signing-keys.js';
import { checkToken, signToken } from './token-check.js';

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
/** Longest lifetime a pending-flow token may claim (they are issued for the 600 s of a code). */
export const FLOW_MAX_LIFETIME_SECONDS = 3600;

/** Signs a pending-flow token (HS256, `kid`, audience `auth-flow`) valid for `lifetimeSeconds`. */
export async function signFlowToken(
  key: SigningKey,
  issuer: string,
  claims: FlowClaims,
  nowSeconds: number,
  lifetimeSeconds: number,
): Promise<string> {
  return signToken(
    key,
    { issuer, audience: AUDIENCE },
    { flow: claims.flow, username: claims.username },
    nowSeconds,
    lifetimeSeconds,
  );
}

/**
 * The claims of a valid pending-flow token, or `null`: the shared checks of {@link checkToken}
 * (signature, issuer, audience `auth-flow`, the time rules), then a known `flow` and a `username`.
 */
export async function verifyFlowToken(
  token: string,
  keys: KeyLookup,
  issuer: string,
  nowSeconds: number,
): Promise<FlowClaims | null> {
  const payload = await checkToken(
    token,
    keys,
    { issuer, audience: AUDIENCE, maxLifetimeSeconds: FLOW_MAX_LIFETIME_SECONDS },
    nowSeconds,
  );
  if (!payload) return null;
  const { flow, username } = payload;
  if ((flow !== 'signUp' && flow !== 'resetPassword') || typeof username !== 'string') return null;
  return { flow, username };
}
