import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import {
  ARGON2_PARAMS,
  getDummyHash,
  hashPassword,
  verifyAgainstDummy,
  verifyPassword,
} from './password-hashing.js';

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

describe('password hashing (D-10)', () => {
  it('hashes with argon2id at m=19456 KiB, t=2, p=1, in the libargon2 encoding', async () => {
    const hash = await hashPassword('correct-horse-42');
    const match = PHC.exec(hash);
    assert.ok(match, hash.slice(0, 30));
    assert.deepEqual(match.slice(1).map(Number), [19456, 2, 1]);
    assert.equal(ARGON2_PARAMS.memoryCost, 19456);
  });

  it('salts every hash', async () => {
    assert.notEqual(await hashPassword('same-password-1'), await hashPassword('same-password-1'));
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('correct-horse-42');
    assert.deepEqual(await verifyPassword(hash, 'correct-horse-42'), { ok: true, needsRehash: false });
    assert.deepEqual(await verifyPassword(hash, 'correct-horse-43'), { ok: false, needsRehash: false });
  });

  it('verifies passwords whole, with no 72-byte truncation (D-11)', async () => {
    const long = 'x'.repeat(100);
    const hash = await hashPassword(long);
    assert.equal((await verifyPassword(hash, `${long}y`)).ok, false);
    assert.equal((await verifyPassword(hash, 'x'.repeat(72))).ok, false);
  });

  it('verifies legacy bcrypt $2a$ and $2b$ hashes against the password as typed and asks for a re-hash', async () => {
    for (const prefix of ['$2a$', '$2b$']) {
      const hash = prefix + bcrypt.hashSync('legacy-pass-1', 4).slice(4);
      assert.deepEqual(await verifyPassword(hash, 'legacy-pass-1'), { ok: true, needsRehash: true });
      assert.deepEqual(await verifyPassword(hash, 'legacy-pass-2'), { ok: false, needsRehash: false });
    }
    const fullWidth = 'ｐａｓｓ-1234';
    const legacy = bcrypt.hashSync(fullWidth, 4);
    assert.equal((await verifyPassword(legacy, fullWidth.normalize('NFKC'), fullWidth)).ok, true);
  });

  it('asks to re-hash argon2 hashes weaker than the current parameters, never stronger ones', async () => {
    const argon2 = (await import('argon2')).default;
    const weak = await argon2.hash('pw-123456', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    assert.deepEqual(await verifyPassword(weak, 'pw-123456'), { ok: true, needsRehash: true });
    const argon2i = await argon2.hash('pw-123456', {
      type: argon2.argon2i,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    assert.equal((await verifyPassword(argon2i, 'pw-123456')).needsRehash, true);
    const strong = await argon2.hash('pw-123456', {
      type: argon2.argon2id,
      memoryCost: 32768,
      timeCost: 3,
      parallelism: 1,
    });
    assert.deepEqual(await verifyPassword(strong, 'pw-123456'), { ok: true, needsRehash: false });
  });

  it('never matches a malformed or unknown hash', async () => {
    for (const stored of [
      '',
      'plain-text',
      '$argon2id$v=19$m=1,t=1,p=1$bad',
      '$2b$04$short',
      '$1$md5$hash',
    ]) {
      assert.deepEqual(await verifyPassword(stored, 'anything'), { ok: false, needsRehash: false });
    }
  });

  it('does the same argon2id work for unknown users and always fails', async () => {
    // Same work, checked without a stopwatch: the dummy is a real argon2id hash with the parameters
    // of new hashes, and verifying against it is a full verify that never matches.
    const dummy = await getDummyHash();
    const real = await hashPassword('real-pass-1');
    const params = (hash: string) => hash.split('$').slice(1, 4).join('$');
    assert.equal(params(dummy), params(real));
    assert.equal(params(dummy), 'argon2id$v=19$m=19456,t=2,p=1');
    assert.equal(await getDummyHash(), dummy);
    assert.equal(await verifyAgainstDummy('whatever-1'), false);
    assert.equal(await verifyAgainstDummy(''), false);
  });

  it("changes no thread priority of the process: that is the server runtime's choice", async () => {
    await Promise.all(Array.from({ length: 6 }, () => hashPassword('correct-horse-42')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (process.platform !== 'linux') return;
    for (const tid of readdirSync('/proc/self/task').map(Number)) {
      try {
        assert.equal(getPriority(tid), 0, `thread ${tid}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
  });
});
