import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constantTimeEquals } from './constant-time.js';

describe('constantTimeEquals', () => {
  it('is true only for equal strings, of any length', () => {
    assert.equal(constantTimeEquals('secret', 'secret'), true);
    assert.equal(constantTimeEquals('', ''), true);
    assert.equal(constantTimeEquals('secret', 'secreT'), false);
    assert.equal(constantTimeEquals('secret', 'secret!'), false);
    assert.equal(constantTimeEquals('é', 'e\u0301'), false);
  });

  it('is false for non-strings instead of throwing', () => {
    assert.equal(constantTimeEquals(undefined as never, 'x'), false);
    assert.equal(constantTimeEquals(1 as never, 1 as never), false);
  });
});
