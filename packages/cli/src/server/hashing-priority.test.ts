import assert from 'node:assert/strict';
import { getPriority } from 'node:os';
import { describe, it } from 'node:test';
import { lowerHashingThreadPriority, renicedHashingThreads } from './hashing-priority.js';

describe('hashing thread priority', {
  skip: process.platform !== 'linux' && 'per-thread niceness is Linux only',
}, () => {
  it('renices the libuv pool threads to 19 and leaves the event-loop thread alone', async () => {
    lowerHashingThreadPriority({ BLOCKS_HASHING_NICE: '19' });
    const deadline = Date.now() + 5000;
    while (renicedHashingThreads().length < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const threads = renicedHashingThreads();
    assert.equal(threads.length, Number(process.env.UV_THREADPOOL_SIZE ?? 4));
    assert.ok(!threads.includes(process.pid));
    for (const tid of threads) assert.equal(getPriority(tid), 19);
    assert.equal(getPriority(process.pid), 0);
  });
});
