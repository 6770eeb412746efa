import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStore, type KvEngine, openEngine } from '@blockyard/kv-store';
import { signSessionToken, verifySessionToken } from './session-token.js';
import { SIGNING_KEYS_ENV, SigningKeys, type SigningKeyValue, signingKeysFromEnv } from './signing-keys.js';

const ISSUER = 'bb-auth-basic:keys-test';
const NOW = 1_900_000_000;

describe('signing keys (D-13)', () => {
  let engine: KvEngine;
  let store: KVStore<SigningKeyValue>;
  before(async () => {
    engine = await openEngine('memory:', { purgeIntervalMs: 0 });
    store = new KVStore<SigningKeyValue>(new Scope('keys'), 'signing-keys', { engine });
  });
  after(() => engine.close());

  it('starts with the AppSetting secret under a kid derived from it', async () => {
    const a = new SigningKeys(store, async () => 'secret-one-secret-one-secret-one');
    const b = new SigningKeys(store, async () => 'secret-one-secret-one-secret-one');
    const c = new SigningKeys(store, async () => 'secret-two-secret-two-secret-two');
    assert.match((await a.current()).kid, /^app-[A-Za-z0-9_-]{16}$/);
    assert.equal((await a.current()).kid, (await b.current()).kid);
    assert.notEqual((await a.current()).kid, (await c.current()).kid);
  });

  it('rotates without logging anyone out, and every instance on the engine follows', async () => {
    const local = new SigningKeys(store, async () => 'rotation-secret-rotation-secret!');
    const other = new SigningKeys(store, async () => 'rotation-secret-rotation-secret!');
    const before = await local.current();
    const oldToken = await signSessionToken(before, ISSUER, { username: 'alice', sid: 's1' }, NOW, 3600);

    const kid = await local.rotate(new Date(NOW * 1000));
    assert.match(kid, /^k-/);
    assert.equal((await local.current()).kid, kid);
    assert.equal((await other.current()).kid, kid, 'another instance signs with the new key');

    const newToken = await signSessionToken(
      await other.current(),
      ISSUER,
      { username: 'bob', sid: 's2' },
      NOW,
      3600,
    );
    const fresh = new SigningKeys(store, async () => 'rotation-secret-rotation-secret!');
    assert.equal((await verifySessionToken(newToken, fresh, ISSUER, NOW, 3600))?.username, 'bob');
    assert.equal((await verifySessionToken(oldToken, fresh, ISSUER, NOW, 3600))?.username, 'alice');
    assert.equal(
      await verifySessionToken(oldToken, local, ISSUER, NOW + 3600, 3600),
      null,
      'old tokens still expire',
    );
  });

  it('does not cache a failed secret read (G-09)', async () => {
    let calls = 0;
    const keys = new SigningKeys(
      new KVStore<SigningKeyValue>(new Scope('g09'), 'signing-keys', { engine }),
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('engine briefly down');
        return 'recovered-secret-recovered-secret';
      },
    );
    await assert.rejects(keys.current(), /briefly down/);
    assert.match((await keys.current()).kid, /^app-/);
    assert.equal(calls, 2);
  });

  it('resolves nothing for malformed or unknown kids', async () => {
    const keys = new SigningKeys(store, async () => 'secret-one-secret-one-secret-one');
    for (const kid of [undefined, 42, '', 'k-nope', 'app-nope', 'x'.repeat(65), 'a/b']) {
      assert.equal(await keys.resolve(kid), null, String(kid));
    }
  });

  it('reads BLOCKS_AUTH_SIGNING_KEYS: current key first, every key verifies, nothing else does (D-13)', async () => {
    const one = 'env-key-one-env-key-one-env-key-one-1';
    const two = 'env-key-two-env-key-two-env-key-two-2';
    assert.equal(signingKeysFromEnv({}), undefined);
    assert.equal(signingKeysFromEnv({ [SIGNING_KEYS_ENV]: '  ' }), undefined);
    const fixed = signingKeysFromEnv({ [SIGNING_KEYS_ENV]: `${two}, ${one}` });
    assert.equal(fixed?.length, 2);
    const keys = new SigningKeys(store, async () => 'database-secret-database-secret!!', fixed);
    assert.equal(keys.fromEnvironment, true);
    const current = await keys.current();
    assert.equal(current.kid, fixed?.[0]?.kid);
    assert.match(current.kid, /^env-[A-Za-z0-9_-]{16}$/);

    const byOld = new SigningKeys(
      store,
      async () => 'x'.repeat(40),
      signingKeysFromEnv({ [SIGNING_KEYS_ENV]: one }),
    );
    const oldToken = await signSessionToken(
      await byOld.current(),
      ISSUER,
      { username: 'al', sid: 's' },
      NOW,
      60,
    );
    assert.equal(
      (await verifySessionToken(oldToken, keys, ISSUER, NOW, 60))?.username,
      'al',
      'old key verifies',
    );

    const fromDatabase = new SigningKeys(store, async () => 'database-secret-database-secret!!');
    const minted = await signSessionToken(
      await fromDatabase.current(),
      ISSUER,
      { username: 'mallory', sid: 's' },
      NOW,
      60,
    );
    assert.equal(
      await verifySessionToken(minted, keys, ISSUER, NOW, 60),
      null,
      'database keys do not verify',
    );
    await assert.rejects(keys.rotate(new Date(NOW * 1000)), /BLOCKS_AUTH_SIGNING_KEYS/);
  });

  it('refuses short keys from the environment without echoing them', () => {
    let message = '';
    try {
      signingKeysFromEnv({ [SIGNING_KEYS_ENV]: `${'k'.repeat(40)},short-secret-value` });
    } catch (error) {
      message = (error as Error).message;
    }
    assert.match(message, /key 2 must be at least 32 characters/);
    assert.ok(!message.includes('short-secret-value'));
  });
});
