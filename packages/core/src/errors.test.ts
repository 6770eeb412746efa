import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, DEFAULT_API_ERROR_NAME, hasAuthError, isBlocksError } from './errors.js';

describe('ApiError', () => {
  it('defaults its name and retriable flag', () => {
    const error = new ApiError('nope', 418);
    assert.equal(error.name, DEFAULT_API_ERROR_NAME);
    assert.equal(error.status, 418);
    assert.equal(error.retriable, false);
    assert.ok(error instanceof Error);
    assert.ok(error instanceof ApiError);
  });

  it('keeps cause only when truthy', () => {
    assert.equal('cause' in new ApiError('x', 400, { cause: undefined }), false);
    assert.equal(new ApiError('x', 400, { cause: 'why' }).cause, 'why');
  });

  it('does not make subclass instanceof checks match every ApiError', () => {
    class Special extends ApiError {}
    assert.equal(new ApiError('x', 400) instanceof Special, false);
    assert.equal(new Special('x', 400) instanceof Special, true);
  });

  it('isBlocksError matches by name on errors only', () => {
    assert.equal(isBlocksError(new ApiError('x', 401, { name: 'A' }), 'A'), true);
    assert.equal(isBlocksError({ name: 'A' }, 'A'), false);
    assert.equal(hasAuthError({ errorName: 'A' }, 'A'), true);
    assert.equal(hasAuthError(null, 'A'), false);
  });
});
