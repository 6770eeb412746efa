// The server runtime (not the AuthBasic library) lowers the priority of the libuv pool threads where
// passwords are hashed: on by default under `blockyard sandbox`, off with BLOCKS_HASHING_NICE=0.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, it } from 'node:test';
import { startAuthApp } from './fixture.js';
import { engines, pollFor } from './support.js';

function renicedThreads(pid: number): number[] {
  const reniced: number[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
    try {
      if (getPriority(tid) === 19) reniced.push(tid);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return reniced;
}

const sqlite = engines()[0];
describe('hashing thread priority under the sandbox', {
  skip: process.platform !== 'linux' ? 'per-thread niceness is Linux only' : false,
}, () => {
  it('renices the pool threads by default, and not with BLOCKS_HASHING_NICE=0', async () => {
    if (!sqlite) throw new Error('no SQLite engine case');
    const on = await startAuthApp(sqlite);
    try {
      const pid = on.server.proc.pid as number;
      const found = await pollFor(async () => {
        const threads = renicedThreads(pid);
        return threads.length >= 4 ? threads : undefined;
      });
      assert.equal(found?.length, 4, 'the four pool threads');
      assert.equal(getPriority(pid), 0, 'the event-loop thread keeps its priority');
    } finally {
      await on.close();
    }
    const off = await startAuthApp(sqlite, {}, { env: { BLOCKS_HASHING_NICE: '0' } });
    try {
      await off.browser().getAuthState();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.deepEqual(renicedThreads(off.server.proc.pid as number), []);
    } finally {
      await off.close();
    }
  });
});
