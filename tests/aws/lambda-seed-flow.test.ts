/**
 * The seed flow of the example app (sign up, protected call with the session cookie, sign out, the
 * copied cookie refused) through the Lambda handler, with API Gateway payload 2.0 events, on DynamoDB
 * (a local implementation on loopback).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuthBasicErrors } from '@blockyard/auth-basic';
import { closeEngine } from '@blockyard/kv-store';
import { getEngine } from '@blockyard/kv-store/engine';
import { createLambdaHandler, type HttpResultV2, type LambdaHandler } from '../../packages/aws/src/index.js';
import { cookiePairs, rpcEvent } from '../../packages/aws/src/test-support/http-events.js';
import {
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../../packages/aws/src/test-support/local-dynamodb.js';

const PASSWORD = 'correct-horse-9';

function reply(result: HttpResultV2) {
  assert.equal(result.statusCode, 200, result.body.slice(0, 300));
  return JSON.parse(result.body);
}

describe('Lambda handler: the seed flow on DynamoDB', () => {
  let local: LocalDynamoDb;
  let handler: LambdaHandler;

  before(async () => {
    local = await startLocalDynamoDb();
    process.env.BLOCKS_DATABASE_URL = local.url('blocks-seed');
    handler = createLambdaHandler(() => import('../../examples/auth-basic-app/aws-blocks/index.js'));
  });
  after(async () => {
    await closeEngine();
    await local.stop();
  });

  it('signs up, calls a protected method with the cookie from `cookies`, signs out, refuses the copy', async () => {
    const username = `ada-${randomBytes(4).toString('hex')}`;
    const signUp = await handler(
      rpcEvent('authApi.setAuthState', [{ action: 'signUp', username, password: PASSWORD }]),
    );
    assert.equal(reply(signUp).result.state, 'signedIn');
    assert.equal(signUp.headers['set-cookie'], undefined, 'cookies travel in `cookies`');
    assert.equal(signUp.cookies?.length, 1);
    const setCookie = signUp.cookies?.[0] ?? '';
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /Secure/i, 'the gateway speaks HTTPS, so the cookie is Secure (D-06)');
    const session = cookiePairs(signUp.cookies);

    const profile = reply(await handler(rpcEvent('api.getProfile', [], { cookies: session })));
    assert.equal(profile.result.username, username);

    const signOut = await handler(
      rpcEvent('authApi.setAuthState', [{ action: 'signOut' }], { cookies: session }),
    );
    assert.equal(reply(signOut).result.state, 'signedOut');
    assert.match(signOut.cookies?.[0] ?? '', /Max-Age=0|Expires=Thu, 01 Jan 1970/i);

    const copied = reply(await handler(rpcEvent('api.getProfile', [], { cookies: session })));
    assert.equal(copied.error.data.name, AuthBasicErrors.SessionExpired);

    const anonymous = reply(await handler(rpcEvent('api.getProfile')));
    assert.equal(anonymous.error.data.name, AuthBasicErrors.SessionExpired);

    const signIn = await handler(
      rpcEvent('authApi.setAuthState', [{ action: 'signIn', username, password: PASSWORD }]),
    );
    assert.equal(reply(signIn).result.state, 'signedIn');
    const again = reply(
      await handler(rpcEvent('api.getProfile', [], { cookies: cookiePairs(signIn.cookies) })),
    );
    assert.equal(again.result.username, username);
    assert.equal((await getEngine()).kind, 'dynamodb', 'sessions and users live in DynamoDB');
  });
});
