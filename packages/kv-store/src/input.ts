import { itemTooLarge, validationFailed } from './errors.js';

/** Largest serialised value, in UTF-8 bytes (400 KiB, as DynamoDB). */
export const MAX_VALUE_BYTES = 400 * 1024;
/** Largest key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/** Epoch seconds past this are almost surely milliseconds passed by mistake (year 5138). */
const MAX_PLAUSIBLE_EPOCH_SECONDS = 1e11;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Expiry options shared by `put` and `increment`. */
export interface ExpiryOptions {
  /** Expire this many seconds from now; a finite number greater than 0. */
  ttlSeconds?: number;
  /** Expire at this instant: a `Date`, or Unix epoch time in seconds. */
  expiresAt?: Date | number;
}

/** Throws ValidationFailed unless `key` is a well-formed string of 1..1024 UTF-8 bytes without NUL. */
export function validateKey(key: unknown, what = 'key'): asserts key is string {
  if (typeof key !== 'string') throw validationFailed(`${what} must be a string (received ${typeof key})`);
  if (key.length === 0) throw validationFailed(`${what} must not be empty`);
  if (key.length * 3 > MAX_KEY_BYTES && Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw validationFailed(`${what} must be at most ${MAX_KEY_BYTES} bytes in UTF-8`);
  }
  if (key.includes('\0')) throw validationFailed(`${what} must not contain U+0000`);
  if (LONE_SURROGATE.test(key))
    throw validationFailed(`${what} must be well-formed Unicode (lone surrogate)`);
}

/**
 * Throws ValidationFailed unless `prefix` can be compared with keys by every engine: a string of at most
 * 1024 UTF-8 bytes without U+0000 or lone surrogates (the empty string matches every key).
 */
export function validatePrefix(prefix: unknown): asserts prefix is string {
  if (prefix !== '') validateKey(prefix, '`prefix`');
}

/** Throws ValidationFailed unless `start` is a scan start key: the empty string or a valid key. */
export function validateStartKey(start: unknown): asserts start is string {
  if (start !== '') validateKey(start, '`startAfter`');
}

class Unserialisable extends Error {}

function refuseFunctions(_key: string, value: unknown): unknown {
  if (typeof value === 'function') throw new Unserialisable('it contains a function');
  if (typeof value === 'symbol') throw new Unserialisable('it contains a symbol');
  return value;
}

function reasonOf(error: unknown): string {
  if (error instanceof Unserialisable) return error.message;
  const message = error instanceof Error ? error.message : '';
  if (/circular/i.test(message)) return 'it contains a cycle';
  if (/bigint/i.test(message)) return 'it contains a BigInt';
  return 'it cannot be serialised';
}

/**
 * Serialises `value` as the stored JSON text. Functions and symbols anywhere, BigInts, cycles and a
 * top-level `undefined` are refused (ValidationFailed); text over 400 KiB is refused (ItemTooLarge).
 * Messages never contain the value.
 */
export function serializeValue(value: unknown, what = 'value', limit = MAX_VALUE_BYTES): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, refuseFunctions);
  } catch (error) {
    throw validationFailed(`${what} cannot be stored as JSON: ${reasonOf(error)}`);
  }
  if (text === undefined) throw validationFailed(`${what} cannot be stored as JSON: it is ${typeof value}`);
  if (text.length * 3 > limit && Buffer.byteLength(text, 'utf8') > limit) throw itemTooLarge();
  return text;
}

/** A validated expiry request: nothing, relative to the engine clock, or an absolute instant (ms). */
export type Expiry = { kind: 'none' } | { kind: 'relative'; ms: number } | { kind: 'absolute'; at: number };

/** Validates `ttlSeconds` / `expiresAt` (mutually exclusive) without reading any clock. */
export function parseExpiry(options: ExpiryOptions | undefined): Expiry {
  const ttlSeconds = options?.ttlSeconds;
  const expiresAt = options?.expiresAt;
  if (ttlSeconds === undefined && expiresAt === undefined) return { kind: 'none' };
  if (ttlSeconds !== undefined && expiresAt !== undefined) {
    throw validationFailed('pass either `ttlSeconds` or `expiresAt`, not both');
  }
  if (ttlSeconds !== undefined) {
    if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
      throw validationFailed('`ttlSeconds` must be a finite number greater than 0');
    }
    return { kind: 'relative', ms: Math.ceil(ttlSeconds * 1000) };
  }
  if (expiresAt instanceof Date) {
    const at = expiresAt.getTime();
    if (!Number.isFinite(at)) throw validationFailed('`expiresAt` is an invalid Date');
    return { kind: 'absolute', at };
  }
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt <= 0) {
    throw validationFailed('`expiresAt` must be a Date or a positive Unix epoch time in seconds');
  }
  if (expiresAt >= MAX_PLAUSIBLE_EPOCH_SECONDS) {
    throw validationFailed('`expiresAt` looks like epoch milliseconds; pass seconds or a Date');
  }
  return { kind: 'absolute', at: Math.round(expiresAt * 1000) };
}

/** The expiry instant in epoch milliseconds for a clock reading `now`, or `null`. */
export function expiryAt(expiry: Expiry, now: number): number | null {
  if (expiry.kind === 'none') return null;
  return expiry.kind === 'relative' ? now + expiry.ms : expiry.at;
}

/** Throws ValidationFailed unless `by` is a safe integer. */
export function validateIncrement(by: unknown): asserts by is number {
  if (typeof by !== 'number' || !Number.isSafeInteger(by)) {
    throw validationFailed('`by` must be a safe integer');
  }
}
