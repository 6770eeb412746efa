import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoreErrors, isBlocksError } from '@blockyard/core';
import { resolveOptions } from './options.js';

const silent = { info() {}, warn() {}, error() {} };

function refusal(options: Record<string, unknown>): string {
  try {
    resolveOptions({ logger: silent, ...options });
  } catch (error) {
    // A developer's mistake, reported at construction as everywhere: a TypeError named InvalidOptionsError.
    assert.ok(isBlocksError(error, CoreErrors.InvalidOptions) && error instanceof TypeError, String(error));
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    const o = resolveOptions({ logger: silent });
    assert.equal(o.sessionDuration, 86400);
    assert.deepEqual(o.passwordPolicy, {
      minLength: 8,
      maxLength: 256,
      requireUppercase: false,
      requireLowercase: false,
      requireDigits: false,
      requireSpecialChars: false,
      rejectCommon: true,
    });
    assert.deepEqual(o.lockout, {
      maxFailures: 5,
      baseSeconds: 1,
      maxSeconds: 900,
      maxAddressFailures: 100,
      addressWindowSeconds: 900,
      deviceMaxFailures: 3,
      deviceCookieSeconds: 2_592_000,
    });
    assert.equal(o.codeAttempts, 5);
    assert.equal(o.codeResendSeconds, 60);
    assert.equal(o.crossDomain, false);
    assert.equal(o.usernameCaseSensitive, false);
    assert.equal(o.preventUserExistenceErrors, true);
    assert.equal(o.accountActions, false);
    assert.equal(o.codeDelivery, undefined);
    assert.equal(o.clock, Date.now);
  });

  it('accepts no options at all, as the reference does', () => {
    assert.equal(resolveOptions(undefined).sessionDuration, 86400);
  });

  it('refuses options that are not an object', () => {
    for (const input of [null, 'strict', [], 5]) {
      assert.throws(
        () => resolveOptions(input),
        (error: unknown) => isBlocksError(error, CoreErrors.InvalidOptions) && /options/.test(String(error)),
      );
    }
  });

  it('names the option in every refusal', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ sessionDuration: 0 }, 'sessionDuration'],
      [{ sessionDuration: '3600' }, 'sessionDuration'],
      [{ sessionDuration: 1.5 }, 'sessionDuration'],
      [{ passwordPolicy: 'strict' }, 'passwordPolicy'],
      [{ passwordPolicy: { minLength: -1 } }, 'passwordPolicy.minLength'],
      [{ passwordPolicy: { maxLength: 0 } }, 'passwordPolicy.maxLength'],
      [{ passwordPolicy: { minLength: 20, maxLength: 10 } }, 'passwordPolicy.maxLength'],
      [{ passwordPolicy: { requireDigits: 'yes' } }, 'passwordPolicy.requireDigits'],
      [{ passwordPolicy: { rejectCommon: 1 } }, 'passwordPolicy.rejectCommon'],
      [{ codeDelivery: 'email' }, 'codeDelivery'],
      [{ crossDomain: 'true' }, 'crossDomain'],
      [{ usernameCaseSensitive: 0 }, 'usernameCaseSensitive'],
      [{ preventUserExistenceErrors: null }, 'preventUserExistenceErrors'],
      [{ lockout: { maxFailures: 0 } }, 'lockout.maxFailures'],
      [{ lockout: { baseSeconds: -1 } }, 'lockout.baseSeconds'],
      [{ lockout: { baseSeconds: 10, maxSeconds: 5 } }, 'lockout.maxSeconds'],
      [{ lockout: [] }, 'lockout'],
      [{ codeAttempts: 0 }, 'codeAttempts'],
      [{ codeResendSeconds: -5 }, 'codeResendSeconds'],
      [{ accountActions: 'yes' }, 'accountActions'],
      [{ onEvent: {} }, 'onEvent'],
      [{ clock: 5 }, 'clock'],
      [{ engine: {} }, 'engine'],
      [{ logger: 'console' }, 'logger'],
      [{ logger: { info: 'x' } }, 'logger.info'],
    ];
    for (const [options, name] of cases) {
      const message = refusal(options);
      assert.ok(message.includes(`option ${name} `), `${JSON.stringify(options)} → ${message}`);
    }
  });

  it('warns about unknown option names instead of failing', () => {
    const warnings: string[] = [];
    resolveOptions({
      logger: { warn: (m: string) => warnings.push(m) },
      sesionDuration: 5,
      passwordPolicy: { minLenght: 3 },
    });
    // Core's one policy: each warning names the unknown key and the nearest known one.
    assert.equal(warnings.length, 2);
    const [top, nested] = warnings;
    assert.ok(top?.includes('sesionDuration') && top.includes('sessionDuration'), top);
    assert.ok(nested?.includes('passwordPolicy'), nested);
    assert.ok(nested?.includes('minLenght') && nested.includes('minLength'), nested);
  });
});
