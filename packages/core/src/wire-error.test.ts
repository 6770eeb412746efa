import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoreErrors, errorFactory } from './core-errors.js';
import { ApiError } from './errors.js';
import { optionsCheck } from './options-check.js';
import { toWireError } from './wire-error.js';

describe('toWireError', () => {
  it('keeps what an ApiError says, never its cause', () => {
    const wire = toWireError(
      new ApiError('Later', 503, { name: 'Busy', retriable: true, cause: 'x' }),
      false,
    );
    assert.deepEqual(wire, {
      code: 503,
      status: 503,
      message: 'Later',
      name: 'Busy',
      retriable: true,
      unexpected: false,
    });
  });

  it('keeps an odd ApiError status as the RPC code and answers raw routes 500 for it', () => {
    const wire = toWireError(new ApiError('odd', 42), true);
    assert.equal(wire.code, 42);
    assert.equal(wire.status, 500);
  });

  it('hides anything else in production and shows it in the sandbox (D-02)', () => {
    const hidden = toWireError(new TypeError('secret path /srv'), false);
    assert.equal(hidden.name, CoreErrors.Internal);
    assert.equal(hidden.message, 'Internal error');
    assert.equal(hidden.unexpected, true);
    const shown = toWireError(new TypeError('bad'), true);
    assert.equal(shown.name, 'TypeError');
    assert.equal(toWireError(new Error('plain'), true).name, undefined);
  });
});

describe('errorFactory', () => {
  it('gives each name the status of its one table entry, without a name prefix in the message', () => {
    const Errors = { Busy: 'BusyException', Gone: 'GoneException' } as const;
    const fail = errorFactory({ [Errors.Busy]: 503, [Errors.Gone]: 410 });
    const error = fail(Errors.Busy, 'Try later', { retriable: true });
    assert.equal(error.status, 503);
    assert.equal(error.name, Errors.Busy);
    assert.equal(error.retriable, true);
    assert.equal(error.message.startsWith(Errors.Busy), false);
  });
});

describe('optionsCheck', () => {
  it('throws a TypeError named InvalidOptionsError, naming the option', () => {
    const check = optionsCheck('Thing');
    check(true, 'options.a', 'anything');
    assert.throws(
      () => check(false, 'options.size', 'a positive integer'),
      (error: unknown) =>
        error instanceof TypeError &&
        error.name === CoreErrors.InvalidOptions &&
        /options\.size/.test(error.message),
    );
  });
});
