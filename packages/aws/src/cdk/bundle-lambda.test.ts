import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { LambdaHandler } from '../lambda/lambda-handler.js';
import { cookiePairs, rpcEvent } from '../test-support/http-events.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../test-support/local-dynamodb.js';
import { bundleLambda, type LambdaBundle } from './bundle-lambda.js';

const REPO = new URL('../../../../', import.meta.url).pathname;
const EXAMPLE_ENTRY = join(REPO, 'examples/auth-basic-app/aws-blocks/index.ts');
// Inside the repository, so the bundle finds the AWS SDK where the Lambda runtime would provide it.
const OUT = join(REPO, 'node_modules/.cache/blocks-lambda-test', randomBytes(4).toString('hex'));
// npm compiles argon2 when its prebuilt binary does not load on the machine (it crashes with SIGSEGV
// on some CI machines); the run test then ships the compiled one, as `nativeBinaries: 'installed'`.
const COMPILED = existsSync(join(REPO, 'node_modules/argon2/build/Release/argon2.node'));

describe('bundled Lambda function (the artifact the construct deploys)', () => {
  let bundle: LambdaBundle;
  let local: LocalDynamoDb;

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    // The argon2 package's prebuilt linux-x64 binary crashes (SIGSEGV) on this CI machine's CPU and
    // kernel, so the run test ships the binary npm compiled here; the construct ships prebuilt ones.
    bundle = bundleLambda({
      entry: EXAMPLE_ENTRY,
      outDir: OUT,
      architecture: 'x64',
      nativeBinaries: 'installed',
    });
    local = await startLocalDynamoDb();
  });
  after(async () => {
    await local.stop();
    rmSync(OUT, { recursive: true, force: true });
  });

  it('ships one module, argon2 with only its Linux binary, and no AWS SDK or SQL drivers', () => {
    assert.ok(existsSync(join(OUT, 'index.mjs')));
    const binary = COMPILED ? 'build/Release/argon2.node' : 'prebuilds/linux-x64';
    assert.ok(existsSync(join(OUT, 'node_modules/argon2', binary)));
    assert.ok(!existsSync(join(OUT, 'node_modules/argon2', COMPILED ? 'prebuilds' : 'build')));
    assert.ok(existsSync(join(OUT, 'assets')), 'data files named by import.meta.url are copied');
    for (const absent of ['@aws-sdk', 'better-sqlite3', 'pg']) {
      assert.ok(!existsSync(join(OUT, 'node_modules', absent)), absent);
    }
    assert.ok(bundle.bytes < 4 * 1024 * 1024, `bundle is ${bundle.bytes} bytes`);
  });

  it('answers the seed flow from the bundle on DynamoDB', async () => {
    process.env.BLOCKS_DATABASE_URL = local.url();
    const { handler } = (await import(pathToFileURL(join(OUT, 'index.mjs')).href)) as {
      handler: LambdaHandler;
    };
    const username = `grace-${randomBytes(3).toString('hex')}`;
    const signUp = await handler(
      rpcEvent('authApi.setAuthState', [{ action: 'signUp', username, password: 'correct-horse-9' }]),
    );
    assert.equal(JSON.parse(signUp.body).result.state, 'signedIn');
    const profile = await handler(rpcEvent('api.getProfile', [], { cookies: cookiePairs(signUp.cookies) }));
    assert.equal(JSON.parse(profile.body).result.username, username);
  });
});
