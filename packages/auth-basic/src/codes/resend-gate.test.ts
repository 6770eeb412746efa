import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStore, type KvEngine, openEngine } from '@blockyard/kv-store';
import { type GateRecord, ResendGate } from './resend-gate.js';

describe('ResendGate (D-14)', () => {
  let engine: KvEngine;
  let gate: ResendGate;
  const now = 1_900_000_000_000;
  before(async () => {
    engine = await openEngine('memory:', { purgeIntervalMs: 0 });
    gate = new ResendGate(new KVStore<GateRecord>(new Scope('gate'), 'throttle', { engine }), 60);
  });
  after(() => engine.close());

  it('opens once, then waits codeResendSeconds', async () => {
    assert.equal((await gate.acquire('signup', 'a', now)).open, true);
    const closed = await gate.acquire('signup', 'a', now + 59_000);
    assert.deepEqual(closed, { open: false, waitSeconds: 1 });
    assert.equal((await gate.acquire('signup', 'a', now + 60_000)).open, true);
  });

  it('keeps purposes and usernames apart', async () => {
    assert.equal((await gate.acquire('signup', 'b', now)).open, true);
    assert.equal((await gate.acquire('reset', 'b', now)).open, true);
    assert.equal((await gate.acquire('signup', 'c', now)).open, true);
  });

  it('lets exactly one of concurrent requests through', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => gate.acquire('signup', 'race', now)));
    assert.equal(results.filter((r) => r.open).length, 1);
  });

  it('re-opens on release (a failed delivery) and on clear (a confirmed account)', async () => {
    const first = await gate.acquire('reset', 'rel', now);
    assert.ok(first.open);
    await first.release();
    assert.equal((await gate.acquire('reset', 'rel', now)).open, true);
    await gate.clear('reset', 'rel');
    assert.equal((await gate.acquire('reset', 'rel', now)).open, true);
  });

  it('never closes with codeResendSeconds 0', async () => {
    const open = new ResendGate(new KVStore<GateRecord>(new Scope('gate0'), 'throttle', { engine }), 0);
    assert.equal((await open.acquire('signup', 'x', now)).open, true);
    assert.equal((await open.acquire('signup', 'x', now)).open, true);
  });
});
