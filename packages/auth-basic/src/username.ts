import { invalidParameter } from './errors.js';

/** Longest accepted username, in characters (code points) after canonicalisation. */
export const MAX_USERNAME_LENGTH = 128;

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The canonical form of a username (D-12): NFKC-normalised and trimmed, and lower-cased unless
 * `caseSensitive`. Throws `InvalidParameterException` for a non-string, an empty name, control
 * characters or more than {@link MAX_USERNAME_LENGTH} characters. The error never echoes the input.
 */
export function canonicalUsername(input: unknown, caseSensitive: boolean): string {
  if (typeof input !== 'string') throw invalidParameter('username must be a string');
  // Cheap bound before normalising: NFKC expands a character into at most 18 code units.
  if (input.length > MAX_USERNAME_LENGTH * 18) {
    throw invalidParameter(`username must be at most ${MAX_USERNAME_LENGTH} characters`);
  }
  let name = input.normalize('NFKC').trim();
  if (!caseSensitive) name = name.toLowerCase().normalize('NFKC');
  if (name.length === 0) throw invalidParameter('username must not be empty');
  if (CONTROL.test(name)) throw invalidParameter('username must not contain control characters');
  if (LONE_SURROGATE.test(name)) throw invalidParameter('username must be well-formed Unicode text');
  if ([...name].length > MAX_USERNAME_LENGTH) {
    throw invalidParameter(`username must be at most ${MAX_USERNAME_LENGTH} characters`);
  }
  return name;
}
