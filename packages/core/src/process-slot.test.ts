import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processSlot, replaceProcessSlot } from './process-slot.js';

describe('processSlot', () => {
  it('creates the value once and keeps it on globalThis under Symbol.for(key)', () => {
    let created = 0;
    const make = () => {
      created += 1;
      return { n: created };
    };
    const first = processSlot('blockyard:test-slot', make);
    assert.equal(processSlot('blockyard:test-slot', make), first);
    assert.equal(created, 1);
    assert.equal((globalThis as Record<symbol, unknown>)[Symbol.for('blockyard:test-slot')], first);
  });

  it('replaces the value', () => {
    const next = replaceProcessSlot('blockyard:test-slot', { n: 99 });
    assert.equal(
      processSlot('blockyard:test-slot', () => ({ n: 0 })),
      next,
    );
  });
});
