/**
 * `blockyard migrate`: an app's data moves SQLite → PostgreSQL → DynamoDB → SQLite with every table's
 * count and digest equal at each step, and a session cookie issued before the first move is still
 * accepted by a server on every engine after it. Also: a target holding data is refused, `--merge`
 * copies into it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../../packages/aws/src/test-support/local-dynamodb.js';
import { authAppSource } from '../auth/apps.js';
import { type TempApp, writeApp } from '../auth/support.js';
import { callRpc, runBlockyard, startSandbox } from '../support/index.js';
import { freshPostgres, openData, postgresSkip, seedEngine, verifiedTables } from './support.js';

const AWS_ENV = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

describe('blockyard migrate across engines', { skip: postgresSkip }, () => {
  let local: LocalDynamoDb;
  let app: TempApp;
  let env: Record<string, string>;
  const drops: (() => Promise<void>)[] = [];
  before(async () => {
    local = await startLocalDynamoDb();
    const source = await authAppSource();
    app = await writeApp(source.source);
    env = { ...source.env, ...AWS_ENV, BLOCKS_DATA_DIR: app.dataDir };
  });
  after(async () => {
    for (const drop of drops) await drop().catch(() => {});
    await local.stop();
    await app.remove();
  });

  it('SQLite → PostgreSQL → DynamoDB → SQLite keeps every digest and the signed-in session', async () => {
    // A user signs up (and so is signed in) on the embedded default engine.
    const first = await startSandbox({ appDir: app.appDir, command: 'start', env });
    const username = `mover-${randomBytes(3).toString('hex')}`;
    let cookie: string;
    try {
      const up = await callRpc(first.apiUrl, 'authApi.setAuthState', [
        { action: 'signUp', username, password: 'correct-horse-42' },
      ]);
      assert.equal(up.body.result?.state, 'signedIn', up.text);
      cookie = (up.setCookies[0] ?? '').split(';')[0] as string;
      const profile = await callRpc(first.apiUrl, 'api.getProfile', [], { cookie });
      assert.equal(profile.body.result?.username, username, profile.text);
    } finally {
      await first.stop();
    }

    const postgres = await freshPostgres();
    assert.ok(postgres);
    drops.push(postgres.drop);
    const chain = [
      `sqlite:${join(app.dataDir, 'blocks.db')}`,
      postgres.url,
      local.url(`bb-migrate-${randomBytes(3).toString('hex')}`),
      `sqlite:${join(app.dataDir, 'back.db')}`,
    ];
    let digests: Map<string, string> | undefined;
    for (let i = 1; i < chain.length; i++) {
      const run = await runBlockyard(
        ['migrate', '--from', chain[i - 1] as string, '--to', chain[i] as string],
        {
          env: AWS_ENV,
          timeoutMs: 120_000,
        },
      );
      assert.equal(run.code, 0, run.stderr + run.stdout);
      assert.doesNotMatch(run.stdout, /postgres:\/\/[^*\s]*:[^*\s]+@/, 'no password printed');
      const tables = verifiedTables(run.stdout);
      const step = new Map<string, string>();
      for (const [table, result] of tables) {
        assert.ok(result.ok, `${table} after ${chain[i]}`);
        assert.equal(result.target, result.source, table);
        step.set(table, result.target);
      }
      for (const table of [
        'bb_settings',
        `kv_${env.AUTH_FIXTURE_SCOPE}-auth-users`,
        `kv_${env.AUTH_FIXTURE_SCOPE}-auth-sessions`,
      ]) {
        assert.ok(step.has(table), `${table} was copied`);
      }
      if (digests) assert.deepEqual(step, digests, `digests equal after step ${i}`);
      digests = step;
    }

    // The cookie issued on SQLite is accepted by a server on each engine the data moved to.
    for (const url of chain.slice(1)) {
      const server = await startSandbox({
        appDir: app.appDir,
        command: 'start',
        env: { ...env, BLOCKS_DATABASE_URL: url },
      });
      try {
        const profile = await callRpc(server.apiUrl, 'api.getProfile', [], { cookie });
        assert.equal(profile.body.result?.username, username, `${url}: ${profile.text}`);
      } finally {
        await server.stop();
      }
    }
  });

  it('refuses a target that holds data, and copies into it with --merge', async () => {
    const from = `sqlite:${join(app.dataDir, `m-${randomBytes(3).toString('hex')}.db`)}`;
    const to = `sqlite:${join(app.dataDir, `m-${randomBytes(3).toString('hex')}.db`)}`;
    const source = await openData(from);
    await seedEngine(source);
    await source.close();
    const target = await openData(to);
    await target.table('kv_app-auth-users').put('zed', '{"hash":"x"}', null);
    await target.close();
    const refused = await runBlockyard(['migrate', '--from', from, '--to', to]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already holds data/);
    const merged = await runBlockyard(['migrate', '--from', from, '--to', to, '--merge']);
    assert.equal(merged.code, 0, merged.stderr);
    const users = verifiedTables(merged.stdout).get('kv_app-auth-users');
    assert.ok(users?.ok);
    assert.match(users.target, /^251 items/);
    assert.match(merged.stdout, /\+1 items only in the target/);
  });
});
