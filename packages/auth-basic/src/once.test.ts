import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedPromise } from './once.js';

describe('cachedPromise', () => {
  it('shares one promise between callers, and forgets it when it rejects', async () => {
    let calls = 0;
    const read = cachedPromise(async () => {
      calls += 1;
      if (calls === 1) throw new Error('engine briefly down');
      return calls;
    });
    const [a, b] = [read(), read()];
    assert.equal(a, b, 'concurrent callers share the attempt');
    await assert.rejects(a, /briefly down/);
    assert.equal(await read(), 2, 'a rejection is not cached');
    assert.equal(await read(), 2, 'a success is');
    assert.equal(calls, 2);
  });
});
