import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonPasswordCount, isCommonPassword } from './common-passwords.js';
import {
  checkPasswordPolicy,
  DEFAULT_PASSWORD_POLICY,
  type ResolvedPasswordPolicy,
} from './password-policy.js';

const open: ResolvedPasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, rejectCommon: false };

describe('checkPasswordPolicy (R-609, D-11)', () => {
  it('accepts a password meeting the defaults', () => {
    assert.equal(checkPasswordPolicy('correct-horse-42', DEFAULT_PASSWORD_POLICY), null);
  });

  it('lists every missing item in the reference order and wording', () => {
    const all = {
      ...open,
      minLength: 10,
      requireUppercase: true,
      requireLowercase: true,
      requireDigits: true,
      requireSpecialChars: true,
    };
    assert.equal(
      checkPasswordPolicy('', all),
      'Password must contain at least 10 characters, an uppercase letter, a lowercase letter, a digit, a special character',
    );
    assert.equal(
      checkPasswordPolicy('short', { ...open, requireDigits: true }),
      'Password must contain at least 8 characters, a digit',
    );
    assert.equal(
      checkPasswordPolicy('abcdefgh', { ...open, requireUppercase: true }),
      'Password must contain an uppercase letter',
    );
    assert.equal(
      checkPasswordPolicy('ABCDEFGH', { ...open, requireLowercase: true }),
      'Password must contain a lowercase letter',
    );
    assert.equal(
      checkPasswordPolicy('Abcdefg1', { ...open, requireSpecialChars: true }),
      'Password must contain a special character',
    );
    assert.equal(
      checkPasswordPolicy('Abcdefg1!', { ...open, requireSpecialChars: true, requireUppercase: true }),
      null,
    );
  });

  it('measures minLength in UTF-16 code units, as the reference does', () => {
    assert.equal(checkPasswordPolicy('😀😀😀😀', open), null);
    assert.notEqual(checkPasswordPolicy('😀😀😀', open), null);
  });

  it('refuses passwords over maxLength (default 256 characters)', () => {
    assert.equal(checkPasswordPolicy('a1'.repeat(128), open), null);
    assert.equal(
      checkPasswordPolicy(`${'a1'.repeat(128)}x`, open),
      'Password must be at most 256 characters',
    );
    assert.equal(
      checkPasswordPolicy('long-password-1', { ...open, maxLength: 10 }),
      'Password must be at most 10 characters',
    );
  });

  it('refuses common passwords and the username itself when rejectCommon', () => {
    assert.equal(checkPasswordPolicy('password123', DEFAULT_PASSWORD_POLICY), 'Password is too common');
    assert.equal(checkPasswordPolicy('Password123', DEFAULT_PASSWORD_POLICY), 'Password is too common');
    assert.equal(checkPasswordPolicy('qwertyuiop', DEFAULT_PASSWORD_POLICY), 'Password is too common');
    assert.equal(
      checkPasswordPolicy('alice-in-wonderland', DEFAULT_PASSWORD_POLICY, 'Alice-In-Wonderland'),
      'Password must not be the username',
    );
    assert.equal(checkPasswordPolicy('password123', open), null);
  });
});

describe('the shipped common-password list', () => {
  it('holds thousands of entries', () => {
    assert.ok(commonPasswordCount() > 5000, `${commonPasswordCount()} entries`);
  });

  it('covers the most-used passwords, keyboard walks, digit runs and decorated words', () => {
    for (const p of [
      '123456',
      '123456789',
      'password',
      'qwerty123',
      '1q2w3e4r',
      'qazwsx',
      'iloveyou',
      '11111111',
      '987654321',
      'asdfghjkl',
      'p@ssw0rd',
      'welcome1',
      'dragon2024',
      'zaq12wsx',
      '1qaz2wsx3edc',
    ]) {
      assert.ok(isCommonPassword(p), p);
    }
  });

  it('does not flag ordinary strong passwords', () => {
    for (const p of ['correct-horse-42', 'tr0mb0ne-sunset-Kettle', 'x9$Lq2!vW'])
      assert.equal(isCommonPassword(p), false, p);
  });
});
