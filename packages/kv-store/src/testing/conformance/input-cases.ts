import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KVStoreErrors } from '../../errors.js';
import { type ConformanceContext, collect, isNamed } from './context.js';

/** Conformance cases: refusal of bad keys, values and options, with nothing written. */
export function registerInputCases(ctx: ConformanceContext): void {
  describe('bad input is refused and nothing is written', () => {
    const badKeys: unknown[] = [
      '',
      5,
      null,
      undefined,
      {},
      'x'.repeat(1025),
      'é'.repeat(513),
      'a\u0000b',
      '\uD800',
    ];

    it('refuses bad keys in every method', async () => {
      const s = ctx.store<unknown>();
      for (const key of badKeys) {
        const k = key as string;
        await assert.rejects(s.get(k), isNamed(KVStoreErrors.ValidationFailed));
        await assert.rejects(s.put(k, 1), isNamed(KVStoreErrors.ValidationFailed));
        await assert.rejects(s.delete(k), isNamed(KVStoreErrors.ValidationFailed));
        await assert.rejects(s.increment(k), isNamed(KVStoreErrors.ValidationFailed));
        await assert.rejects(s.take(k), isNamed(KVStoreErrors.ValidationFailed));
      }
      assert.deepEqual(await collect(s.scan({ includeExpired: true })), []);
    });

    it('refuses values JSON cannot carry', async () => {
      const s = ctx.store<unknown>();
      await s.put('k', 'original');
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      const bad: unknown[] = [
        undefined,
        () => 1,
        10n,
        { big: 1n },
        cycle,
        { f() {} },
        Symbol('s'),
        [Symbol('s')],
      ];
      for (const value of bad) {
        await assert.rejects(s.put('k', value), isNamed(KVStoreErrors.ValidationFailed));
        await assert.rejects(s.put('new', value), isNamed(KVStoreErrors.ValidationFailed));
      }
      assert.equal(await s.get('k'), 'original');
      assert.equal(await s.get('new'), null);
    });

    it('refuses values over 400 KiB of UTF-8 with ItemTooLargeException', async () => {
      const s = ctx.store<string>();
      const atLimit = 'x'.repeat(400 * 1024 - 2);
      await s.put('fits', atLimit);
      assert.equal((await s.get('fits'))?.length, atLimit.length);
      await assert.rejects(s.put('big', `${atLimit}x`), isNamed(KVStoreErrors.ItemTooLarge));
      await assert.rejects(s.put('big', 'é'.repeat(204_800)), isNamed(KVStoreErrors.ItemTooLarge));
      await assert.rejects(s.put('fits', `${atLimit}x`), isNamed(KVStoreErrors.ItemTooLarge));
      assert.equal(await s.get('big'), null);
      assert.equal((await s.get('fits'))?.length, atLimit.length);
    });

    it('refuses invalid or conflicting expiry and condition options', async () => {
      const s = ctx.store();
      const bad: Record<string, unknown>[] = [
        { ttlSeconds: 10, expiresAt: new Date(ctx.clock.time + 1000) },
        { ttlSeconds: 0 },
        { ttlSeconds: -1 },
        { ttlSeconds: Number.NaN },
        { ttlSeconds: Number.POSITIVE_INFINITY },
        { ttlSeconds: '5' },
        { expiresAt: new Date('nope') },
        { expiresAt: ctx.clock.time },
        { expiresAt: -5 },
        { expiresAt: 'tomorrow' },
        { ifNotExists: true, ifValueEquals: 1 },
      ];
      for (const options of bad) {
        await assert.rejects(
          s.put('k', 1, options),
          isNamed(KVStoreErrors.ValidationFailed),
          JSON.stringify(options),
        );
        if (!('ifNotExists' in options)) {
          await assert.rejects(s.increment('n', 1, options), isNamed(KVStoreErrors.ValidationFailed));
        }
      }
      assert.equal(await s.get('k'), null);
      assert.equal(await s.get('n'), null);
    });
  });
}
