import type { ResolvedPasswordPolicy } from './password-policy.js';

/**
 * The password policy in words (D-28), put as `description` on the fields that create a password so
 * the Authenticator can show the rules before a failure. Built from the same policy the server
 * enforces, so the two always agree.
 */
export function describePasswordPolicy(policy: ResolvedPasswordPolicy): string {
  const kinds: string[] = [];
  if (policy.requireUppercase) kinds.push('an uppercase letter');
  if (policy.requireLowercase) kinds.push('a lowercase letter');
  if (policy.requireDigits) kinds.push('a digit');
  if (policy.requireSpecialChars) kinds.push('a special character');
  const length =
    policy.minLength > 0
      ? `At least ${policy.minLength} ${policy.minLength === 1 ? 'character' : 'characters'}`
      : 'Any length';
  let text = length;
  if (kinds.length > 0) text += `, with ${listInWords(kinds)}`;
  text += '.';
  if (policy.rejectCommon) text += ' Not a common password or your username.';
  return text;
}

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
