import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PASSWORD_POLICY } from './password-policy.js';
import { describePasswordPolicy } from './password-policy-description.js';

describe('describePasswordPolicy (D-28)', () => {
  it('describes the default policy', () => {
    assert.equal(
      describePasswordPolicy(DEFAULT_PASSWORD_POLICY),
      'At least 8 characters. Not a common password or your username.',
    );
  });

  it('names every required kind of character, in the order the server checks them', () => {
    assert.equal(
      describePasswordPolicy({
        ...DEFAULT_PASSWORD_POLICY,
        minLength: 12,
        requireUppercase: true,
        requireLowercase: true,
        requireDigits: true,
        requireSpecialChars: true,
        rejectCommon: false,
      }),
      'At least 12 characters, with an uppercase letter, a lowercase letter, a digit and a special character.',
    );
    assert.equal(
      describePasswordPolicy({
        ...DEFAULT_PASSWORD_POLICY,
        minLength: 1,
        requireDigits: true,
        rejectCommon: false,
      }),
      'At least 1 character, with a digit.',
    );
    assert.equal(
      describePasswordPolicy({ ...DEFAULT_PASSWORD_POLICY, minLength: 0, rejectCommon: false }),
      'Any length.',
    );
  });
});
