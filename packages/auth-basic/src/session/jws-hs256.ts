import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';

/** Finds the key a token's `kid` names: synchronously from memory when possible. */
export interface KeyLookup {
  /** The key if it is already in memory. */
  cached(kid: unknown): KeyObject | undefined;
  /** The key, reading the engine if needed; `null` when there is no such key. */
  resolve(kid: unknown): Promise<KeyObject | null>;
}

/** Longest token accepted for parsing; real ones are a few hundred characters. */
export const MAX_TOKEN_LENGTH = 4096;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Verifies a compact JWS signed with HS256 (RFC 7515) and returns its payload object, or `null`.
 * In order: size and shape (three non-empty base64url parts); the protected header is an object with
 * `alg` exactly `HS256` and no `crit`/`b64` extensions; the key named by `kid` exists; the signature is
 * canonical base64url of exactly 32 bytes and equals the HMAC-SHA256 of `<header>.<payload>`
 * (constant-time compare); only then is the payload parsed. Claims are the caller's to check.
 *
 * Why not jose's `jwtVerify` here: jose runs on WebCrypto, which Node executes as jobs on the libuv
 * thread pool — the same pool argon2 hashes on. Under a burst of sign-ins every protected call would
 * queue behind password hashes. `node:crypto`'s HMAC runs inline in microseconds. Tokens are still
 * produced by jose (`SignJWT`), and the tests verify jose-made tokens with this function.
 */
export async function verifyHs256(token: string, keys: KeyLookup): Promise<Record<string, unknown> | null> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) return null;
  const encodedHeader = token.slice(0, first);
  const encodedPayload = token.slice(first + 1, second);
  const encodedSignature = token.slice(second + 1);
  if (
    !BASE64URL.test(encodedHeader) ||
    !BASE64URL.test(encodedPayload) ||
    !BASE64URL.test(encodedSignature)
  ) {
    return null;
  }
  const header = decodeJson(encodedHeader);
  if (header?.alg !== 'HS256' || 'crit' in header || 'b64' in header) return null;
  const key = keys.cached(header.kid) ?? (await keys.resolve(header.kid));
  if (!key) return null;
  const signature = Buffer.from(encodedSignature, 'base64url');
  if (signature.length !== 32 || signature.toString('base64url') !== encodedSignature) return null;
  const expected = createHmac('sha256', key).update(`${encodedHeader}.${encodedPayload}`).digest();
  if (!timingSafeEqual(expected, signature)) return null;
  return decodeJson(encodedPayload);
}
