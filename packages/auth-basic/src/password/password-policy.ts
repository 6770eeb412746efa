import { AUTH_BASIC_DEFAULTS } from '../options.js';
import { isCommonPassword } from './common-passwords.js';

/** Rules a new password must meet (R-609, D-11). */
export interface PasswordPolicy {
  /** Minimum length in UTF-16 code units (default 8). */
  minLength?: number;
  /** Maximum length in characters (code points) (default 256). */
  maxLength?: number;
  /** Require an ASCII uppercase letter (default false). */
  requireUppercase?: boolean;
  /** Require an ASCII lowercase letter (default false). */
  requireLowercase?: boolean;
  /** Require a digit (default false). */
  requireDigits?: boolean;
  /** Require a character outside `[A-Za-z0-9]` (default false). */
  requireSpecialChars?: boolean;
  /** Refuse passwords from the shipped list of common passwords, and the username itself (default true). */
  rejectCommon?: boolean;
}

/** A {@link PasswordPolicy} with every default applied. */
export type ResolvedPasswordPolicy = Required<PasswordPolicy>;

/** The defaults of {@link PasswordPolicy} (from the one table of AuthBasic's defaults). */
export const DEFAULT_PASSWORD_POLICY: ResolvedPasswordPolicy = AUTH_BASIC_DEFAULTS.passwordPolicy;

/**
 * Checks a (normalised) new password against the policy. Returns `null` when it passes, else the
 * message of the InvalidPasswordException to raise: the reference's `Password must contain …` list
 * first, then the length cap, then the common-password check.
 */
export function checkPasswordPolicy(
  password: string,
  policy: ResolvedPasswordPolicy,
  username?: string,
): string | null {
  const missing: string[] = [];
  if (password.length < policy.minLength) missing.push(`at least ${policy.minLength} characters`);
  if (policy.requireUppercase && !/[A-Z]/.test(password)) missing.push('an uppercase letter');
  if (policy.requireLowercase && !/[a-z]/.test(password)) missing.push('a lowercase letter');
  if (policy.requireDigits && !/\d/.test(password)) missing.push('a digit');
  if (policy.requireSpecialChars && !/[^A-Za-z0-9]/.test(password)) missing.push('a special character');
  if (missing.length > 0) return `Password must contain ${missing.join(', ')}`;
  if ([...password].length > policy.maxLength) {
    return `Password must be at most ${policy.maxLength} characters`;
  }
  if (policy.rejectCommon) {
    if (username !== undefined && password.toLowerCase() === username.toLowerCase()) {
      return 'Password must not be the username';
    }
    if (isCommonPassword(password)) return 'Password is too common';
  }
  return null;
}
