import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoreErrors } from './core-errors.js';
import { nearestName, OptionsError, optionsCheck, warnUnknownOptions } from './options-check.js';

describe('optionsCheck', () => {
  it('throws an OptionsError named InvalidOptionsError when the condition fails', () => {
    const check = optionsCheck('Thing');
    check(true, 'options.a', 'anything');
    assert.throws(
      () => check(false, 'options.a', 'a number'),
      (error: Error) => error instanceof OptionsError && error.name === CoreErrors.InvalidOptions,
    );
  });
});

describe('warnUnknownOptions', () => {
  it('warns once per unknown key, naming it and the nearest known key', () => {
    const warnings: string[] = [];
    const unknown = warnUnknownOptions(
      'AuthBasic',
      { sesionDuration: 1, passwordPolicy: {}, zzzzzzzz: true },
      ['sessionDuration', 'passwordPolicy', 'logger'],
      (message) => warnings.push(message),
    );
    assert.deepEqual(unknown, ['sesionDuration', 'zzzzzzzz']);
    assert.equal(warnings.length, 2);
    assert.ok(warnings[0]?.includes("'sesionDuration'") && warnings[0].includes("'sessionDuration'"));
    assert.ok(warnings[1]?.includes("'zzzzzzzz'") && !warnings[1].includes('did you mean'));
  });

  it('accepts absent options', () => {
    assert.deepEqual(warnUnknownOptions('X', undefined, ['a'], assert.fail), []);
  });
});

describe('nearestName', () => {
  it('finds a near miss, case-insensitively, and nothing for a far one', () => {
    assert.equal(nearestName('fromadress', ['fromAddress', 'replyTo']), 'fromAddress');
    assert.equal(nearestName('TTL', ['ttl', 'schema']), 'ttl');
    assert.equal(nearestName('completely', ['ttl', 'schema']), undefined);
  });
});
