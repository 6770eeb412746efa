import { invalidParameter } from './errors.js';

/** Longest accepted username, in characters (code points) after canonicalisation. */
export const MAX_USERNAME_LENGTH = 128;

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
// Format characters: zero-width spaces and joiners, bidi controls (U+202A…U+202E, U+2066…U+2069),
// soft hyphen, word joiner — invisible, so `alice\u200b` would look like `alice` (RFC 8265 disallows).
const FORMAT = /\p{Cf}/u;
// Private-use and unassigned code points: their rendering and future meaning are unknown (RFC 8264).
const UNKNOWN = /[\p{Co}\p{Cn}]/u;
const ONLY_MARKS = /^\p{M}+$/u;
const LONE_SURROGATE = /\p{Cs}/u;
// Scripts whose letters look alike; a name mixing them (a Cyrillic `а` in `аlice`) is a lookalike of
// another name, the mixed-script restriction of Unicode TS #39.
const CONFUSABLE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];

/**
 * The canonical form of a username (D-12, after the PRECIS username profile of RFC 8265):
 * NFKC-normalised and trimmed, and lower-cased unless `caseSensitive`. Throws
 * `InvalidParameterException` for a non-string, an empty name, control (Cc) or format (Cf)
 * characters, private-use or unassigned code points, a name made only of combining marks, letters of
 * more than one of Latin, Cyrillic and Greek, or more than {@link MAX_USERNAME_LENGTH} characters.
 * The error never echoes the input.
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
  if (FORMAT.test(name)) throw invalidParameter('username must not contain invisible format characters');
  if (UNKNOWN.test(name)) {
    throw invalidParameter('username must not contain private-use or unassigned characters');
  }
  if (ONLY_MARKS.test(name)) throw invalidParameter('username must not be made only of combining marks');
  if (CONFUSABLE_SCRIPTS.filter((script) => script.test(name)).length > 1) {
    throw invalidParameter('username must not mix Latin, Cyrillic and Greek letters');
  }
  if ([...name].length > MAX_USERNAME_LENGTH) {
    throw invalidParameter(`username must be at most ${MAX_USERNAME_LENGTH} characters`);
  }
  return name;
}
