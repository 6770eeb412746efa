import { invalidParameter } from '../errors.js';

/**
 * Longest password accepted as input anywhere, in UTF-16 code units. Far above any policy's
 * `maxLength`; it only bounds the work a single request can cause before the policy is applied.
 */
export const HARD_MAX_PASSWORD_LENGTH = 4096;

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks that `input` is a usable password and returns its NFKC form (D-11), which is what gets hashed
 * and measured. `name` names the parameter in errors (`password`, `newPassword`, …); errors never echo
 * the value.
 */
export function readPassword(input: unknown, name: string): string {
  if (input === undefined || input === null) throw invalidParameter(`${name} is required`);
  if (typeof input !== 'string') throw invalidParameter(`${name} must be a string`);
  if (input.length === 0) throw invalidParameter(`${name} must not be empty`);
  if (input.length > HARD_MAX_PASSWORD_LENGTH) {
    throw invalidParameter(`${name} must be at most ${HARD_MAX_PASSWORD_LENGTH} characters`);
  }
  if (LONE_SURROGATE.test(input)) throw invalidParameter(`${name} must be well-formed Unicode text`);
  return input.normalize('NFKC');
}
