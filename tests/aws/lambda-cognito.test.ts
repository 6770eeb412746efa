/**
 * CognitoAuth inside the Lambda bundle the construct ships: a backend using it is bundled with
 * `buildLambdaBundle` (esbuild, Node.js 22, chunks), the bundle's handler is invoked with API Gateway
 * events carrying `Authorization: Bearer`, and the pool's key set is served on loopback.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { buildLambdaBundle } from '../../packages/aws/src/cdk/bundle-lambda.js';
import type { HttpResultV2, LambdaHandler } from '../../packages/aws/src/index.js';
import { rpcEvent } from '../../packages/aws/src/test-support/http-events.js';
import { TMP_APPS_DIR } from '../support/paths.js';

const POOL = 'eu-west-1_LambdaPool1';
const CLIENT = 'lambdaclient0123456789';
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
const lambdaContext = { getRemainingTimeInMillis: () => 28_000 };

describe('CognitoAuth in the Lambda bundle', () => {
  const saved = { ...process.env };
  let server: Server;
  let appDir: string;
  let outDir: string;
  let handler: LambdaHandler;
  let sign: (claims: Record<string, unknown>) => Promise<string>;

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'lambda-key', alg: 'RS256', use: 'sig' };
    sign = (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'lambda-key' }).sign(privateKey);
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;

    // Inside the repository, so the backend resolves the packages through the root node_modules.
    appDir = join(TMP_APPS_DIR, `lambda-cognito-${randomBytes(4).toString('hex')}`);
    mkdirSync(join(appDir, 'aws-blocks'), { recursive: true });
    writeFileSync(
      join(appDir, 'aws-blocks', 'index.ts'),
      `import { ApiNamespace, Scope } from '@aws-blocks/blocks';
import { CognitoAuth } from '@blockyard/auth-cognito';
const scope = new Scope('my-app');
const cognito = new CognitoAuth(scope, 'cognito', { jwksUri: ${JSON.stringify(jwksUri)} });
export const api = new ApiNamespace(scope, 'api', (context) => ({
  async whoAmI() {
    const user = await cognito.requireAuth(context);
    return { userId: user.userId, username: user.username, groups: user.groups };
  },
}));
`,
    );
    outDir = mkdtempSync(join(tmpdir(), 'blocks-lambda-cognito-'));
    const bundle = await buildLambdaBundle({
      entry: join(appDir, 'aws-blocks', 'index.ts'),
      outDir,
      architecture: 'x64',
    });
    assert.ok(bundle.bytes > 0);
    // What amplify/blocks.ts puts in the function's environment.
    process.env.COGNITO_USER_POOL_ID = POOL;
    process.env.COGNITO_CLIENT_ID = CLIENT;
    process.env.BLOCKS_DATABASE_URL = 'memory:';
    ({ handler } = (await import(pathToFileURL(join(outDir, 'index.mjs')).href)) as {
      handler: LambdaHandler;
    });
  });
  after(() => {
    server.close();
    rmSync(appDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
    for (const name of ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID', 'BLOCKS_DATABASE_URL']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  async function whoAmI(authorization?: string) {
    const result = (await handler(
      rpcEvent('api.whoAmI', [], authorization ? { headers: { authorization } } : {}),
      lambdaContext,
    )) as HttpResultV2;
    assert.equal(result.statusCode, 200, result.body);
    return JSON.parse(result.body) as {
      result?: unknown;
      error?: { code: number; data?: { name?: string } };
    };
  }

  it("answers the pool user's call with their id, name and groups", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign({
      sub: 'user-1',
      'cognito:username': 'alice',
      'cognito:groups': ['editors'],
      aud: CLIENT,
      iss: ISSUER,
      token_use: 'id',
      iat: now,
      exp: now + 600,
    });
    assert.deepEqual((await whoAmI(`Bearer ${token}`)).result, {
      userId: 'user-1',
      username: 'alice',
      groups: ['editors'],
    });
  });

  it('answers SessionExpiredException without a token, or with one for another client', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const authorization of [
      undefined,
      `Bearer ${await sign({ sub: 'u', aud: 'other0123456789', iss: ISSUER, token_use: 'id', iat: now, exp: now + 600 })}`,
    ]) {
      const answer = await whoAmI(authorization);
      assert.equal(answer.error?.code, 401);
      assert.equal(answer.error?.data?.name, 'SessionExpiredException');
    }
  });
});
