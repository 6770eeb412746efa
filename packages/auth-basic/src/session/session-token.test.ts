import assert from 'node:assert/strict';
import { createHmac, createSecretKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { KVStore, type KvEngine, openEngine } from '@blockyard/kv-store';
import { SignJWT } from 'jose';
import { signFlowToken, verifyFlowToken } from './flow-token.js';
import { signSessionToken, tokenIssuer, VerifiedTokenCache, verifySessionToken } from './session-token.js';
import { SigningKeys, type SigningKeyValue } from './signing-keys.js';

const SECRET = 'test-secret-0123456789abcdefghijklmnop';
const ISSUER = tokenIssuer('my-app-auth');
const NOW = 1_900_000_000;
const DAY = 86400;

describe('session tokens (R-626, D-13)', () => {
  let engine: KvEngine;
  let keys: SigningKeys;
  before(async () => {
    engine = await openEngine('memory:', { purgeIntervalMs: 0 });
    keys = new SigningKeys(
      new KVStore<SigningKeyValue>(new Scope('tok'), 'keys', { engine }),
      async () => SECRET,
    );
  });
  after(() => engine.close());

  const sign = async (claims = { username: 'alice', sid: 's1' }, now = NOW, lifetime = DAY) =>
    signSessionToken(await keys.current(), ISSUER, claims, now, lifetime);
  const verify = (token: string, now = NOW, max = DAY) => verifySessionToken(token, keys, ISSUER, now, max);

  /** A token signed with the current key but with hand-picked header and claims. */
  async function forge(payload: Record<string, unknown>, header: Record<string, unknown> = {}) {
    const key = await keys.current();
    return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: key.kid, ...header }).sign(key.key);
  }

  it('round-trips the claims: username, sub, sid, iat, exp, iss and a kid header', async () => {
    const token = await sign();
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.equal(header.alg, 'HS256');
    assert.match(header.kid, /^app-/);
    assert.deepEqual(payload, {
      username: 'alice',
      sid: 's1',
      iss: ISSUER,
      sub: 'alice',
      iat: NOW,
      exp: NOW + DAY,
    });
    assert.deepEqual(await verify(token), { username: 'alice', sid: 's1', iat: NOW, exp: NOW + DAY });
  });

  it('signs the first key with the AppSetting secret, so the reference key material is kept', async () => {
    const token = await forge({
      username: 'alice',
      sub: 'alice',
      sid: 's1',
      iss: ISSUER,
      iat: NOW,
      exp: NOW + 60,
    });
    const { jwtVerify } = await import('jose');
    await jwtVerify(token, createSecretKey(Buffer.from(SECRET)), { currentDate: new Date(NOW * 1000) });
  });

  it('rejects a valid signature with an expired exp', async () => {
    const token = await sign();
    assert.equal(await verify(token, NOW + DAY), null);
    assert.notEqual(await verify(token, NOW + DAY - 1), null);
  });

  it('rejects a token without exp', async () => {
    assert.equal(
      await verify(await forge({ username: 'alice', sub: 'alice', sid: 's1', iss: ISSUER, iat: NOW })),
      null,
    );
  });

  it('rejects a token whose lifetime exceeds sessionDuration', async () => {
    const token = await sign(undefined, NOW, DAY * 30);
    assert.equal(await verify(token, NOW + 10, DAY), null);
    assert.notEqual(await verify(token, NOW + 10, DAY * 30), null);
  });

  it('rejects a token without a session id or iat', async () => {
    assert.equal(
      await verify(await forge({ username: 'alice', sub: 'alice', iss: ISSUER, iat: NOW, exp: NOW + 60 })),
      null,
    );
    assert.equal(
      await verify(await forge({ username: 'alice', sub: 'alice', sid: 's', iss: ISSUER, exp: NOW + 60 })),
      null,
    );
  });

  it('rejects another issuer, and a username claim that differs from sub', async () => {
    assert.equal(
      await verify(
        await forge({
          username: 'alice',
          sub: 'alice',
          sid: 's',
          iss: 'bb-auth-basic:other',
          iat: NOW,
          exp: NOW + 60,
        }),
      ),
      null,
    );
    assert.equal(
      await verify(
        await forge({ username: 'root', sub: 'alice', sid: 's', iss: ISSUER, iat: NOW, exp: NOW + 60 }),
      ),
      null,
    );
  });

  it('rejects alg none and other algorithms', async () => {
    const payload = Buffer.from(
      JSON.stringify({ username: 'alice', sub: 'alice', sid: 's', iss: ISSUER, iat: NOW, exp: NOW + 60 }),
    ).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    assert.equal(await verify(none), null);
    const key = await keys.current();
    const hs512 = await new SignJWT({ username: 'alice', sid: 's' })
      .setProtectedHeader({ alg: 'HS512', kid: key.kid })
      .setIssuer(ISSUER)
      .setSubject('alice')
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 60)
      .sign(createSecretKey(Buffer.from(SECRET.repeat(2))));
    assert.equal(await verify(hs512), null);
  });

  it('rejects a tampered payload and a signature by another key', async () => {
    const token = await sign();
    const [h, , s] = token.split('.');
    const evil = Buffer.from(
      JSON.stringify({ username: 'root', sub: 'root', sid: 's1', iss: ISSUER, iat: NOW, exp: NOW + DAY }),
    ).toString('base64url');
    assert.equal(await verify(`${h}.${evil}.${s}`), null);
    const other = await new SignJWT({ username: 'alice', sid: 's1' })
      .setProtectedHeader({ alg: 'HS256', kid: (await keys.current()).kid })
      .setIssuer(ISSUER)
      .setSubject('alice')
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 60)
      .sign(createSecretKey(Buffer.from('another-secret-another-secret-12')));
    assert.equal(await verify(other), null);
  });

  it('rejects unknown and malformed key ids, garbage and oversized tokens', async () => {
    assert.equal(
      await verify(
        await forge(
          { username: 'a', sub: 'a', sid: 's', iss: ISSUER, iat: NOW, exp: NOW + 60 },
          { kid: 'k-unknown' },
        ),
      ),
      null,
    );
    assert.equal(
      await verify(
        await forge(
          { username: 'a', sub: 'a', sid: 's', iss: ISSUER, iat: NOW, exp: NOW + 60 },
          { kid: '../etc' },
        ),
      ),
      null,
    );
    assert.equal(await verify('not-a-token'), null);
    assert.equal(await verify('a.b.c'), null);
    assert.equal(await verify(`${await sign()}${'x'.repeat(5000)}`), null);
  });

  it('does not accept a pending-flow token as a session, nor a session token as a flow', async () => {
    const flow = await signFlowToken(
      await keys.current(),
      ISSUER,
      { flow: 'signUp', username: 'alice' },
      NOW,
      600,
    );
    assert.equal(await verify(flow), null);
    assert.deepEqual(await verifyFlowToken(flow, keys, ISSUER, NOW), { flow: 'signUp', username: 'alice' });
    assert.equal(await verifyFlowToken(flow, keys, ISSUER, NOW + 600), null);
    assert.equal(await verifyFlowToken(await sign(), keys, ISSUER, NOW), null);
  });

  it('checks flow tokens with the same rules as sessions: iat, nbf, lifetime, length', async () => {
    const base = { iss: ISSUER, aud: 'auth-flow', flow: 'signUp', username: 'alice' };
    const good = await forge({ ...base, iat: NOW, exp: NOW + 600 });
    assert.deepEqual(await verifyFlowToken(good, keys, ISSUER, NOW), { flow: 'signUp', username: 'alice' });
    assert.equal(
      await verifyFlowToken(await forge({ ...base, exp: NOW + 600 }), keys, ISSUER, NOW),
      null,
      'no iat',
    );
    assert.equal(
      await verifyFlowToken(await forge({ ...base, iat: NOW + 120, exp: NOW + 600 }), keys, ISSUER, NOW),
      null,
      'issued in the future',
    );
    assert.equal(
      await verifyFlowToken(
        await forge({ ...base, iat: NOW, nbf: NOW + 120, exp: NOW + 600 }),
        keys,
        ISSUER,
        NOW,
      ),
      null,
      'not yet valid',
    );
    assert.equal(
      await verifyFlowToken(await forge({ ...base, iat: NOW, exp: NOW + 2 * DAY }), keys, ISSUER, NOW),
      null,
      'lifetime too long',
    );
    assert.equal(await verifyFlowToken(`${good}${'x'.repeat(5000)}`, keys, ISSUER, NOW), null);
  });

  it('rejects a non-canonical signature encoding, a crit header and extra segments', async () => {
    const token = await sign();
    const [h, p, sig] = token.split('.') as [string, string, string];
    const last = sig.at(-1) as string;
    const sibling = 'AEIMQUYcgkosw048'.includes(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : last;
    if (sibling !== last) assert.equal(await verify(`${h}.${p}.${sig.slice(0, -1)}${sibling}`), null);
    assert.equal(await verify(`${h}.${p}.${sig}.extra`), null);
    assert.equal(await verify(`${h}.${p}.${sig}=`), null);
    const key = await keys.current();
    const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const claims = { username: 'alice', sub: 'alice', sid: 's', iss: ISSUER, iat: NOW, exp: NOW + 60 };
    const input = `${part({ alg: 'HS256', kid: key.kid, crit: ['x-policy'], 'x-policy': 1 })}.${part(claims)}`;
    const crit = `${input}.${createHmac('sha256', key.key).update(input).digest('base64url')}`;
    assert.equal(await verify(crit), null);
  });

  it('re-checks expiry for a token it verified before (cache)', async () => {
    const cache = new VerifiedTokenCache(2);
    const token = await sign(undefined, NOW, 60);
    assert.notEqual(await verifySessionToken(token, keys, ISSUER, NOW, DAY, cache), null);
    assert.notEqual(cache.get(token), undefined);
    assert.equal(await verifySessionToken(token, keys, ISSUER, NOW + 60, DAY, cache), null);
    assert.equal(await verifySessionToken('forged.token.value', keys, ISSUER, NOW, DAY, cache), null);
    assert.equal(cache.get('forged.token.value'), undefined, 'only verified tokens are cached');
    for (const sid of ['a', 'b', 'c']) {
      await verifySessionToken(await sign({ username: 'alice', sid }), keys, ISSUER, NOW, DAY, cache);
    }
    assert.equal(cache.get(token), undefined, 'bounded: the oldest entry went');
  });

  it('never answers from the cache for a token that only shares a verified signature', async () => {
    const cache = new VerifiedTokenCache();
    const token = await sign(undefined, NOW, 60);
    assert.notEqual(await verifySessionToken(token, keys, ISSUER, NOW, DAY, cache), null);
    const [header, , signature] = token.split('.');
    const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const other = { username: 'mallory', sub: 'mallory', sid: 's', iss: ISSUER, iat: NOW, exp: NOW + 60 };
    const spliced = `${header}.${part(other)}.${signature}`;
    assert.equal(cache.get(spliced), undefined);
    assert.equal(await verifySessionToken(spliced, keys, ISSUER, NOW, DAY, cache), null);
    assert.equal(cache.get(token)?.username, 'alice', 'the verified token keeps its entry');
  });
});
