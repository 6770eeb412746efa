import { invalidParameter, invalidPassword } from '../errors.js';
import { readPassword } from '../password/normalize-password.js';
import { checkPasswordPolicy } from '../password/password-policy.js';
import type { AuthRuntime } from '../runtime.js';
import { canonicalUsername } from '../username.js';

/** A password as typed (`raw`, for legacy bcrypt hashes) and NFKC-normalised (`value`). */
export interface PasswordInput {
  raw: string;
  value: string;
}

/**
 * The one check of a caller's parameters (request fields, admin options): throws InvalidParameterException
 * `<what> must be <expected>` unless `condition` holds; the message never echoes the value.
 */
export function checkInput(condition: boolean, what: string, expected: string): asserts condition {
  if (!condition) throw invalidParameter(`${what} must be ${expected}`);
}

/** The canonical username (D-12) or an InvalidParameterException. */
export function usernameInput(rt: Pick<AuthRuntime, 'options'>, input: unknown): string {
  if (input === undefined || input === null) throw invalidParameter('username is required');
  return canonicalUsername(input, rt.options.usernameCaseSensitive);
}

/** A password input, or an InvalidParameterException naming `name`. */
export function passwordInput(input: unknown, name = 'password'): PasswordInput {
  const value = readPassword(input, name);
  return { raw: input as string, value };
}

/** A new password that meets the policy, or InvalidPasswordException (the policy's message). */
export function requirePolicy(
  rt: Pick<AuthRuntime, 'options'>,
  password: PasswordInput,
  username: string,
): void {
  const problem = checkPasswordPolicy(password.value, rt.options.passwordPolicy, username);
  if (problem) throw invalidPassword(problem);
}

/**
 * A verification code input: trimmed; non-strings, empty strings and strings over 64 characters are
 * InvalidParameterException (they never reach the code store, so they use no attempt).
 */
export function codeInput(input: unknown): string {
  if (input === undefined || input === null) throw invalidParameter('code is required');
  if (typeof input !== 'string') throw invalidParameter('code must be a string');
  const code = input.trim();
  if (code.length === 0) throw invalidParameter('code must not be empty');
  if (code.length > 64) throw invalidParameter('code must be at most 64 characters');
  return code;
}
