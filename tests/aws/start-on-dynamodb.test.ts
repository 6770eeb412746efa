/**
 * `blockyard start` with `BLOCKS_DATABASE_URL=dynamodb://…`: the same server on the DynamoDB engine (a
 * local implementation on loopback), two instances sharing sessions through it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../../packages/aws/src/test-support/local-dynamodb.js';
import { REPO_ROOT } from '../support/paths.js';
import { callRpc } from '../support/rpc-client.js';
import { type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

describe('blockyard start on DynamoDB', () => {
  let local: LocalDynamoDb;
  const servers: SandboxProcess[] = [];
  before(async () => {
    local = await startLocalDynamoDb();
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await local.stop();
  });

  it('signs up on one instance and serves the session on another', async () => {
    const env = {
      BLOCKS_DATABASE_URL: local.url(`blocks-start-${randomBytes(3).toString('hex')}`),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const appDir = `${REPO_ROOT}/examples/auth-basic-app`;
    servers.push(await startSandbox({ appDir, command: 'start', env }));
    servers.push(await startSandbox({ appDir, command: 'start', env }));
    const [a, b] = servers as [SandboxProcess, SandboxProcess];
    const username = `lin-${randomBytes(3).toString('hex')}`;
    const up = await callRpc(a.apiUrl, 'authApi.setAuthState', [
      { action: 'signUp', username, password: 'correct-horse-9' },
    ]);
    assert.equal(up.body.result.state, 'signedIn', up.text);
    const cookie = (up.setCookies[0] ?? '').split(';')[0] as string;
    const profile = await callRpc(b.apiUrl, 'api.getProfile', [], { cookie });
    assert.equal(profile.body.result.username, username, profile.text);
  });
});
