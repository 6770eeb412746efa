/**
 * CognitoAuth against a user pool played by a key-set server on loopback: tokens signed with test
 * keys (jose), verified by the real aws-jwt-verify code, called through the real request handler.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiNamespace, createBlocksHandler, Scope } from '@blockyard/core';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';
import { CognitoAuth, type CognitoAuthOptions, type CognitoUser } from './cognito-auth.js';
import { CognitoAuthErrors } from './errors.js';

const POOL = 'eu-west-1_TestPool1';
const CLIENT = 'testclient0123456789abcdef';
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
interface TestKey {
  kid: string;
  pair: KeyPair;
  jwk: JWK;
}

async function makeKey(kid: string): Promise<TestKey> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, pair, jwk };
}

let server: Server;
let jwksUri: string;
let published: JWK[] = [];
let fetches = 0;
let keyA: TestKey;
let keyB: TestKey;
let keyC: TestKey;

const now = () => Math.floor(Date.now() / 1000);

/** An ID token of user alice, with `overrides` applied to the claims. */
function idClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: '5f0c1e2a-0000-4000-8000-000000000001',
    'cognito:username': 'alice',
    'cognito:groups': ['admins'],
    email: 'alice@example.com',
    aud: CLIENT,
    iss: ISSUER,
    token_use: 'id',
    auth_time: now() - 60,
    iat: now() - 60,
    exp: now() + 3600,
    ...overrides,
  };
}

function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: '5f0c1e2a-0000-4000-8000-000000000001',
    username: 'alice',
    client_id: CLIENT,
    iss: ISSUER,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    iat: now() - 60,
    exp: now() + 3600,
    ...overrides,
  };
}

async function sign(claims: Record<string, unknown>, key: TestKey = keyA, kid = key.kid): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key.pair.privateKey);
}

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function backendWith(auth: CognitoAuth, scope: Scope) {
  return createBlocksHandler(
    {
      api: new ApiNamespace(scope, 'api', (context) => ({
        async me() {
          return auth.requireAuth(context);
        },
        async signedIn() {
          return auth.checkAuth(context);
        },
        async current() {
          return auth.getCurrentUser(context);
        },
      })),
    },
    { mode: 'production' },
  );
}

type Handler = ReturnType<typeof backendWith>;

/** A backend whose CognitoAuth trusts the test pool, with `options` added. */
function poolBackend(name: string, options: CognitoAuthOptions = {}): Handler {
  const own = new Scope(name);
  return backendWith(
    new CognitoAuth(own, 'cognito', { userPoolId: POOL, clientId: CLIENT, jwksUri, ...options }),
    own,
  );
}

async function call(
  handler: Handler,
  method: string,
  token?: string,
  authorization = token === undefined ? undefined : `Bearer ${token}`,
): Promise<{
  status: number;
  body: { result?: unknown; error?: { code?: number; data?: { name?: string } } };
}> {
  const response = await handler.fetch(
    new Request('http://127.0.0.1/aws-blocks/api', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: JSON.stringify({ jsonrpc: '2.0', method: `api.${method}`, params: [], id: 1 }),
    }),
    { clientAddress: '127.0.0.1' },
  );
  return { status: response.status, body: (await response.json()) as never };
}

async function assertSignedOut(handler: Handler, token: string | undefined, authorization?: string) {
  const { body } = await call(handler, 'me', token, authorization);
  // JSON-RPC errors travel with HTTP 200; the status is the error's code.
  assert.equal(body.error?.code, 401);
  assert.equal(body.error?.data?.name, CognitoAuthErrors.SessionExpired);
  assert.equal((await call(handler, 'current', token, authorization)).body.result, null);
  assert.equal((await call(handler, 'signedIn', token, authorization)).body.result, false);
}

before(async () => {
  [keyA, keyB, keyC] = await Promise.all([makeKey('key-a'), makeKey('key-b'), makeKey('key-c')]);
  published = [keyA.jwk];
  server = createServer((req, res) => {
    if (req.url !== '/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});
after(() => server.close());

describe('CognitoAuth', () => {
  let handler: Handler;
  before(() => {
    handler = poolBackend('cognito-test');
  });

  it('signs in the user of a valid ID token: sub, username, email, groups', async () => {
    const { status, body } = await call(handler, 'me', await sign(idClaims()));
    assert.equal(status, 200);
    assert.deepEqual(body.result as CognitoUser, {
      userId: '5f0c1e2a-0000-4000-8000-000000000001',
      username: 'alice',
      email: 'alice@example.com',
      groups: ['admins'],
    });
    assert.equal((await call(handler, 'signedIn', await sign(idClaims()))).body.result, true);
    // The scheme is case-insensitive (RFC 9110).
    const lower = await call(handler, 'me', undefined, `bearer ${await sign(idClaims())}`);
    assert.equal((lower.body.result as CognitoUser).username, 'alice');
  });

  it('signs in the user of a valid access token (username claim, no email)', async () => {
    const { status, body } = await call(handler, 'me', await sign(accessClaims()));
    assert.equal(status, 200);
    assert.deepEqual(body.result, {
      userId: '5f0c1e2a-0000-4000-8000-000000000001',
      username: 'alice',
      groups: [],
    });
  });

  it('refuses a missing, non-bearer or malformed Authorization header without fetching keys', async () => {
    const before = fetches;
    await assertSignedOut(handler, undefined);
    await assertSignedOut(handler, undefined, `Basic ${b64url('alice:pw')}`);
    await assertSignedOut(handler, undefined, 'Bearer not-a-token');
    await assertSignedOut(handler, undefined, `Bearer ${'a'.repeat(20_000)}.b.c`);
    assert.equal(fetches, before);
  });

  it('refuses an expired token', async () => {
    await assertSignedOut(handler, await sign(idClaims({ iat: now() - 7200, exp: now() - 10 })));
    await assertSignedOut(handler, await sign(accessClaims({ iat: now() - 7200, exp: now() - 10 })));
  });

  it('refuses a token for another app client (ID token aud, access token client_id)', async () => {
    await assertSignedOut(handler, await sign(idClaims({ aud: 'otherclient0123456789' })));
    await assertSignedOut(handler, await sign(accessClaims({ client_id: 'otherclient0123456789' })));
  });

  it('refuses a token from another issuer, even one signed with a key of the pool', async () => {
    await assertSignedOut(
      handler,
      await sign(idClaims({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_OtherPool' })),
    );
    await assertSignedOut(handler, await sign(idClaims({ iss: 'https://evil.example.com' })));
  });

  it('refuses tokens whose token_use is neither id nor access, and the kind a block does not accept', async () => {
    await assertSignedOut(handler, await sign(idClaims({ token_use: 'refresh' })));
    await assertSignedOut(handler, await sign(idClaims({ token_use: undefined })));
    const idOnly = poolBackend('cognito-id-only', { tokenUse: 'id' });
    assert.equal((await call(idOnly, 'me', await sign(idClaims()))).body.error, undefined);
    await assertSignedOut(idOnly, await sign(accessClaims()));
  });

  it('fetches the key set again for a key id it lacks (rotation), at most once per wait period', async () => {
    const rotating = poolBackend('cognito-rotation', { refetchWaitSeconds: 600 });
    const start = fetches;
    assert.equal((await call(rotating, 'me', await sign(idClaims()))).body.error, undefined);
    assert.equal(fetches, start + 1);
    assert.equal((await call(rotating, 'me', await sign(idClaims()))).body.error, undefined);
    assert.equal(fetches, start + 1, 'the key set is cached');
    published = [keyA.jwk, keyB.jwk];
    try {
      assert.equal((await call(rotating, 'me', await sign(idClaims(), keyB))).body.error, undefined);
      assert.equal(fetches, start + 2, 'a new kid fetched the key set once');
      // A kid the pool never published: one more fetch, then the wait period holds further ones off.
      await assertSignedOut(rotating, await sign(idClaims(), keyC));
      const afterMiss = fetches;
      assert.equal(afterMiss, start + 3);
      await assertSignedOut(rotating, await sign(idClaims(), keyC));
      assert.equal(fetches, afterMiss, 'no fetch storm for unknown key ids');
    } finally {
      published = [keyA.jwk];
    }
  });

  it('refuses alg tricks: none, HS256 keyed with the public key, a known kid signed by another key', async () => {
    const header = (alg: string) => b64url(JSON.stringify({ alg, kid: keyA.kid, typ: 'JWT' }));
    const payload = b64url(JSON.stringify(idClaims()));
    await assertSignedOut(handler, `${header('none')}.${payload}.`);
    const pem = await exportSPKI(keyA.pair.publicKey);
    const hmac = createHmac('sha256', pem)
      .update(`${header('HS256')}.${payload}`)
      .digest('base64url');
    await assertSignedOut(handler, `${header('HS256')}.${payload}.${hmac}`);
    await assertSignedOut(handler, await sign(idClaims(), keyB, keyA.kid));
    const tampered = (await sign(idClaims())).split('.');
    tampered[1] = b64url(JSON.stringify(idClaims({ 'cognito:username': 'mallory' })));
    await assertSignedOut(handler, tampered.join('.'));
  });

  it('reads the pool and client from COGNITO_USER_POOL_ID / COGNITO_CLIENT_ID when no option names them', async () => {
    const saved = { pool: process.env.COGNITO_USER_POOL_ID, client: process.env.COGNITO_CLIENT_ID };
    process.env.COGNITO_USER_POOL_ID = POOL;
    process.env.COGNITO_CLIENT_ID = CLIENT;
    try {
      const own = new Scope('cognito-env');
      const auth = new CognitoAuth(own, 'cognito', { jwksUri });
      assert.deepEqual(auth.poolConfig, { userPoolId: POOL, clientIds: [CLIENT] });
      assert.equal((await call(backendWith(auth, own), 'me', await sign(idClaims()))).body.error, undefined);
    } finally {
      for (const [name, value] of [
        ['COGNITO_USER_POOL_ID', saved.pool],
        ['COGNITO_CLIENT_ID', saved.client],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('reads the pool from ./amplify_outputs.json (a local run beside an Amplify sandbox)', async () => {
    const saved = { pool: process.env.COGNITO_USER_POOL_ID, client: process.env.COGNITO_CLIENT_ID };
    delete process.env.COGNITO_USER_POOL_ID;
    delete process.env.COGNITO_CLIENT_ID;
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'cognito-outputs-'));
    writeFileSync(
      join(dir, 'amplify_outputs.json'),
      JSON.stringify({ version: '1.4', auth: { user_pool_id: POOL, user_pool_client_id: CLIENT } }),
    );
    process.chdir(dir);
    try {
      const own = new Scope('cognito-outputs');
      const auth = new CognitoAuth(own, 'cognito', { jwksUri });
      assert.deepEqual(auth.poolConfig, { userPoolId: POOL, clientIds: [CLIENT] });
      assert.equal((await call(backendWith(auth, own), 'me', await sign(idClaims()))).body.error, undefined);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
      if (saved.pool !== undefined) process.env.COGNITO_USER_POOL_ID = saved.pool;
      if (saved.client !== undefined) process.env.COGNITO_CLIENT_ID = saved.client;
    }
  });

  it('signs every request out while no pool is configured', async () => {
    const saved = process.env.COGNITO_USER_POOL_ID;
    delete process.env.COGNITO_USER_POOL_ID;
    try {
      const own = new Scope('cognito-none');
      const auth = new CognitoAuth(own, 'cognito', { clientId: CLIENT });
      assert.equal(auth.poolConfig, undefined);
      await assertSignedOut(backendWith(auth, own), await sign(idClaims()));
    } finally {
      if (saved !== undefined) process.env.COGNITO_USER_POOL_ID = saved;
    }
  });

  it('reports bad options at construction', () => {
    const own = new Scope('cognito-bad');
    const bad: unknown[] = [
      { userPoolId: 'not-a-pool' },
      { clientId: [] },
      { clientId: 'has space' },
      { tokenUse: 'refresh' },
      { groups: [] },
      { graceSeconds: 3600 },
      { jwksUri: 'ftp://example.com/keys' },
      { refetchWaitSeconds: -1 },
      { issuer: ISSUER },
    ];
    for (const [i, options] of bad.entries()) {
      assert.throws(
        () => new CognitoAuth(own, `c${i}`, options as never),
        (error: Error) => error.name === 'InvalidOptionsError',
        JSON.stringify(options),
      );
    }
  });

  it('refuses a misspelt option, naming the one it most likely meant', () => {
    assert.throws(
      () =>
        new CognitoAuth(new Scope('cognito-typo'), 'c', {
          userPoolId: POOL,
          clientId: CLIENT,
          tokenUsed: 'id',
        } as never),
      (error: Error) =>
        error.name === 'InvalidOptionsError' &&
        /tokenUsed/.test(error.message) &&
        /tokenUse/.test(error.message),
    );
  });
});
