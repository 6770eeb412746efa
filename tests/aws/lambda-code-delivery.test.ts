/**
 * Code delivery on Lambda, where the process freezes once the answer is returned: with
 * `pendingWorkMs` the handler waits for the codes its answer queued; by default it does not (D-15),
 * and the construct's scheduled sweep event delivers what is left (a failed attempt due again). On DynamoDB (a local implementation on loopback).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { closeEngine } from '@blockyard/kv-store';
import {
  createLambdaHandler,
  type HttpResultV2,
  type LambdaHandler,
  SWEEP_EVENT,
} from '../../packages/aws/src/index.js';
import { cookiePairs, rpcEvent } from '../../packages/aws/src/test-support/http-events.js';
import {
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../../packages/aws/src/test-support/local-dynamodb.js';

type CodeBackend = typeof import('./fixtures/code-backend.js');

const PASSWORD = 'correct-horse-9';
const lambdaContext = { getRemainingTimeInMillis: () => 28_000 };

function reply(result: HttpResultV2) {
  assert.equal(result.statusCode, 200, result.body.slice(0, 300));
  return JSON.parse(result.body);
}

describe('Lambda handler: AuthBasic codes delivered before the invocation ends', () => {
  let local: LocalDynamoDb;
  let handler: LambdaHandler;
  let backend: CodeBackend;

  before(async () => {
    local = await startLocalDynamoDb();
    process.env.BLOCKS_DATABASE_URL = local.url('blocks-codes');
    handler = createLambdaHandler(
      async () => {
        backend = await import('./fixtures/code-backend.js');
        return backend;
      },
      { pendingWorkMs: 10_000 },
    );
  });
  after(async () => {
    await closeEngine();
    await local.stop();
  });

  it('delivers the sign-up code before the handler resolves, and the code confirms the account', async () => {
    const username = `ada-${randomBytes(4).toString('hex')}`;
    const signUp = await handler(
      rpcEvent('authApi.setAuthState', [{ action: 'signUp', username, password: PASSWORD }]),
      lambdaContext,
    );
    assert.equal(reply(signUp).result.state, 'confirmingSignUp');
    const codes = backend.delivered.filter((entry) => entry.username === username);
    assert.equal(codes.length, 1, 'the code went out within the invocation');
    assert.equal(codes[0]?.purpose, 'signup');

    const confirm = await handler(
      rpcEvent(
        'authApi.setAuthState',
        [{ action: 'confirmSignUp', username, code: codes[0]?.code, password: PASSWORD }],
        {
          cookies: cookiePairs(signUp.cookies),
        },
      ),
      lambdaContext,
    );
    assert.equal(reply(confirm).result.state, 'signedIn');
  });

  it('delivers a code whose first attempt failed at the next scheduled sweep event', async () => {
    const username = `bob-${randomBytes(4).toString('hex')}`;
    backend.control.failures = 1;
    const signUp = await handler(
      rpcEvent('authApi.setAuthState', [{ action: 'signUp', username, password: PASSWORD }]),
      lambdaContext,
    );
    assert.equal(reply(signUp).result.state, 'confirmingSignUp');
    assert.equal(backend.control.failures, 0, 'the first attempt ran within the invocation and failed');
    assert.equal(backend.delivered.filter((entry) => entry.username === username).length, 0);

    backend.control.offsetMs += 5_000; // past the 1 s backoff of the failed attempt
    const sweep = await handler(SWEEP_EVENT, lambdaContext);
    assert.equal(sweep.statusCode, 200);
    assert.equal(JSON.parse(sweep.body).finished, true);
    assert.equal(backend.delivered.filter((entry) => entry.username === username).length, 1);
  });

  it('by default (D-15) answers without waiting, and the sweep event delivers the code', async () => {
    const eager = createLambdaHandler(() => backend);
    const username = `cy-${randomBytes(4).toString('hex')}`;
    const signUp = await eager(
      rpcEvent('authApi.setAuthState', [{ action: 'signUp', username, password: PASSWORD }]),
      lambdaContext,
    );
    assert.equal(reply(signUp).result.state, 'confirmingSignUp');
    assert.equal(backend.delivered.filter((entry) => entry.username === username).length, 0);
    assert.equal((await eager(SWEEP_EVENT, lambdaContext)).statusCode, 200);
    assert.equal(backend.delivered.filter((entry) => entry.username === username).length, 1);
  });

  it('refuses a pendingWorkMs that is negative or longer than a Lambda can run, at construction', () => {
    for (const pendingWorkMs of [-1, 1.5, 900_001, Number.NaN]) {
      assert.throws(() => createLambdaHandler(async () => ({}), { pendingWorkMs }), TypeError);
      const env = { BLOCKS_LAMBDA_PENDING_WORK_MS: String(pendingWorkMs) };
      assert.throws(() => createLambdaHandler(async () => ({}), { env }), TypeError);
    }
  });
});
