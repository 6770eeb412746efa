import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** What a verification code is for. */
export type CodePurpose = 'signup' | 'reset';

/** A new code: the decimal string of a uniformly random integer in [100000, 999999]. */
export function generateCode(): string {
  return String(randomInt(100_000, 1_000_000));
}

/**
 * Lower-case hex HMAC-SHA256, keyed with `key` (the AppSetting secret, or a key derived from an
 * environment key, D-25), over `<purpose>:<username>:<code>`.
 */
export function codeHmac(key: string | Buffer, purpose: CodePurpose, username: string, code: string): string {
  return createHmac('sha256', key).update(`${purpose}:${username}:${code}`).digest('hex');
}

/** Compares two hex digests in constant time (for equal lengths; different lengths never match). */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
