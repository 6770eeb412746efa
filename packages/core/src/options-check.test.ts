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

describe('the unknown-option policy in core constructors', () => {
  it('Scope, RawRoute and createBlocksHandler warn about a misspelt key and keep working', async () => {
    const { Scope } = await import('./scope.js');
    const { RawRoute } = await import('./raw-route/raw-route.js');
    const { collectRoutes } = await import('./raw-route/registry.js');
    const { createBlocksHandler } = await import('./handler.js');
    const lines: string[] = [];
    const original = console.warn;
    console.warn = (line: string) => lines.push(line);
    try {
      const app = new Scope('app', { bbname: 'X' } as never);
      await collectRoutes(async () => {
        new RawRoute(app, 'r', { method: 'GET', handler: () => {}, pth: '/x' } as never);
      });
      createBlocksHandler({}, { mode: 'production', maxBodyByte: 1 } as never);
    } finally {
      console.warn = original;
    }
    assert.equal(lines.length, 3);
    assert.ok(lines[0]?.includes("'bbname'") && lines[0].includes("'bbName'"));
    assert.ok(lines[1]?.includes("'pth'") && lines[1].includes("'path'"));
    assert.ok(lines[2]?.includes("'maxBodyByte'") && lines[2].includes("'maxBodyBytes'"));
  });
});
