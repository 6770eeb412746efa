import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStore, type KvEngine, openEngine } from '@blockyard/kv-store';
import { CODE_TTL_SECONDS, CodeBook, type CodeEntry } from './code-book.js';
import { codeHmac, generateCode, sameDigest } from './code-hmac.js';

const SECRET = 'code-secret-code-secret-code-secret';

describe('code generation and HMAC (R-624)', () => {
  it('generates six digits without a leading zero, spread over the range', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = generateCode();
      assert.match(code, /^[1-9]\d{5}$/);
      seen.add(code[0] as string);
    }
    assert.equal(seen.size, 9);
  });

  it('computes lower-case hex HMAC-SHA256 over purpose:username:code', () => {
    const expected = createHmac('sha256', SECRET).update('signup:alice:123456').digest('hex');
    assert.equal(codeHmac(SECRET, 'signup', 'alice', '123456'), expected);
    assert.notEqual(codeHmac(SECRET, 'reset', 'alice', '123456'), expected);
  });

  it('compares code hashes in constant time, and never matches different lengths', () => {
    const a = codeHmac(SECRET, 'signup', 'alice', '123456');
    assert.equal(sameDigest(a, a), true);
    assert.equal(sameDigest(a, codeHmac(SECRET, 'signup', 'alice', '123457')), false);
    assert.equal(sameDigest(a, a.slice(0, 10)), false);
    assert.equal(sameDigest('', ''), true);
  });
});

describe('CodeBook (R-625, D-14, D-16)', () => {
  let engine: KvEngine;
  let book: CodeBook;
  let codes: KVStore<CodeEntry>;
  const now = 1_900_000_000_000;
  before(async () => {
    engine = await openEngine('memory:', { purgeIntervalMs: 0, now: () => now });
    const scope = new Scope('codes-test');
    codes = new KVStore<CodeEntry>(scope, 'codes', { engine });
    book = new CodeBook(codes, new KVStore<unknown>(scope, 'throttle', { engine }), async () => [SECRET], {
      attempts: 3,
      failureLimit: 1000,
      addressLimit: 1000,
      addressWindowSeconds: 900,
    });
  });
  after(() => engine.close());

  it('stores only the HMAC and expiry under purpose:username, never the code', async () => {
    const code = await book.issue('signup', 'store-user', now);
    const entry = await codes.get('signup:store-user');
    assert.ok(entry);
    assert.equal(entry.hmac, codeHmac(SECRET, 'signup', 'store-user', code));
    assert.equal(entry.expires, now + CODE_TTL_SECONDS * 1000);
    assert.ok(!JSON.stringify(entry).includes(code));
  });

  it('accepts the right code without consuming it, then consumes it once', async () => {
    const code = await book.issue('signup', 'once', now);
    const first = await book.check('signup', 'once', code, now);
    assert.equal(first.ok, true);
    const again = await book.check('signup', 'once', code, now);
    assert.equal(again.ok, true, 'checking does not consume');
    assert.ok(first.ok && again.ok);
    assert.equal(await book.consume('signup', 'once', first.entry), true);
    assert.equal(await book.consume('signup', 'once', first.entry), false);
    assert.equal((await book.check('signup', 'once', code, now)).ok, false);
  });

  it('keeps purposes apart', async () => {
    const code = await book.issue('reset', 'purpose', now);
    assert.equal((await book.check('signup', 'purpose', code, now)).ok, false);
    assert.equal((await book.check('reset', 'purpose', code, now)).ok, true);
  });

  it('replaces an earlier code when a new one is issued', async () => {
    const old = await book.issue('signup', 'replace', now);
    let fresh = await book.issue('signup', 'replace', now);
    while (fresh === old) fresh = await book.issue('signup', 'replace', now);
    assert.equal((await book.check('signup', 'replace', old, now)).ok, false);
    assert.equal((await book.check('signup', 'replace', fresh, now)).ok, true);
  });

  it('refuses a code after 600 seconds', async () => {
    const code = await book.issue('signup', 'expiry', now);
    assert.equal((await book.check('signup', 'expiry', code, now + 600_000)).ok, true);
    assert.equal((await book.check('signup', 'expiry', code, now + 600_001)).ok, false);
    assert.equal(await codes.get('signup:expiry'), null, 'an expired code is deleted');
  });

  it('kills a code after codeAttempts wrong tries', async () => {
    const code = await book.issue('signup', 'capped', now);
    const wrong = code === '999999' ? '100000' : String(Number(code) + 1);
    for (let i = 0; i < 3; i++) assert.equal((await book.check('signup', 'capped', wrong, now)).ok, false);
    assert.equal((await book.check('signup', 'capped', code, now)).ok, false);
    assert.equal(await codes.get('signup:capped'), null);
  });

  it('counts a check of the right code as an attempt, so a code allows codeAttempts checks in all', async () => {
    const code = await book.issue('signup', 'counted', now);
    const wrong = code === '999999' ? '100000' : String(Number(code) + 1);
    assert.equal((await book.check('signup', 'counted', wrong, now)).ok, false);
    assert.equal((await book.check('signup', 'counted', code, now)).ok, true);
    assert.equal((await book.check('signup', 'counted', code, now)).ok, true);
    assert.equal((await book.check('signup', 'counted', code, now)).ok, false);
  });

  it('bounds concurrent guesses by the attempt counter', async () => {
    const code = await book.issue('signup', 'burst', now);
    const guesses = Array.from({ length: 20 }, (_, i) => String(100000 + i)).filter((g) => g !== code);
    const results = await Promise.all(guesses.map((g) => book.check('signup', 'burst', g, now)));
    assert.ok(results.every((r) => !r.ok));
    assert.equal((await book.check('signup', 'burst', code, now)).ok, false);
  });

  it('refuses strings that are not six digits without using an attempt', async () => {
    const code = await book.issue('signup', 'format', now);
    for (const bad of ['abc', '12345', '1234567', ' 123456', '12345a', '']) {
      assert.equal((await book.check('signup', 'format', bad, now)).ok, false);
    }
    assert.equal((await book.check('signup', 'format', code, now)).ok, true);
  });

  it('refuses when no code was issued', async () => {
    assert.equal((await book.check('signup', 'nobody', '123456', now)).ok, false);
  });
});
