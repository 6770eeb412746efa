import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeReloads } from './serialize-reloads.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('serializeReloads', () => {
  it('folds calls made during a run into one follow-up run with all their files', async () => {
    const runs: string[][] = [];
    const gate = deferred();
    const reload = serializeReloads(async (changed) => {
      runs.push([...changed]);
      if (runs.length === 1) await gate.promise;
      return true;
    });
    const first = reload(['a.ts']);
    const second = reload(['b.ts']);
    const third = reload(['c.ts']);
    gate.resolve();
    assert.deepEqual(await Promise.all([first, second, third]), [true, true, true]);
    assert.deepEqual(runs, [['a.ts'], ['b.ts', 'c.ts']]);
  });

  it('reports the outcome of the last run and is idle afterwards', async () => {
    let calls = 0;
    const reload = serializeReloads(async () => {
      calls += 1;
      return calls > 1;
    });
    assert.equal(await reload(['x.ts']), false);
    assert.equal(await reload(['x.ts']), true);
    await reload.idle();
    assert.equal(calls, 2);
  });
});
