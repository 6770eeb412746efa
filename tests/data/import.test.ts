/**
 * `blockyard import aws-blocks`: a reference app's `.bb-data/` (and its DynamoDB tables) into the
 * app's engine. Imported users sign in over HTTP with their original passwords and are re-hashed to
 * argon2id; malformed input and colliding usernames stop the import before anything is written.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { openEngine } from '@blockyard/kv-store';
import {
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../../packages/aws/src/test-support/local-dynamodb.js';
import { authAppSource } from '../auth/apps.js';
import { type TempApp, writeApp } from '../auth/support.js';
import { callRpc, pollUntil, runBlockyard, startSandbox } from '../support/index.js';
import { PASSWORDS, referenceHashes, referenceUserEntry, writeReferenceFolder } from './support.js';

const scratch: string[] = [];
after(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'blockyard-import-'));
  scratch.push(dir);
  return dir;
}

/** The rows of `table` in the SQLite file of `dataDir`. */
async function rowsOf(dataDir: string, table: string) {
  const engine = await openEngine(`sqlite:${join(dataDir, 'blocks.db')}`, { purgeIntervalMs: 0 });
  try {
    const rows = [];
    for await (const row of engine.table(table).scan({ includeExpired: true })) rows.push(row);
    return rows;
  } finally {
    await engine.close();
  }
}

describe('blockyard import aws-blocks <folder>', () => {
  let app: TempApp;
  let env: Record<string, string>;
  let scope: string;
  let output: string;
  let liveTtl: number;

  before(async () => {
    const source = await authAppSource();
    scope = source.scopeId;
    app = await writeApp(source.source);
    env = { ...source.env, BLOCKS_DATA_DIR: app.dataDir };
    const fixture = await writeReferenceFolder(await tempDir(), scope);
    liveTtl = fixture.liveTtl;
    const run = await runBlockyard(['import', 'aws-blocks', fixture.folder, '--dir', app.appDir], {
      env,
      timeoutMs: 60_000,
    });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    output = run.stdout;
  });
  after(() => app.remove());

  it('says what it imported and that the jwt-secret is not imported; no value is printed', () => {
    assert.match(output, /3 AuthBasic users \(1 unconfirmed\)/);
    assert.match(output, new RegExp(`${scope}-auth-jwt-secret not imported`));
    assert.match(output, /pending codes not imported/);
    assert.doesNotMatch(output, /sk-reference-secret|\$2[ab]\$/);
  });

  it('keeps every KVStore item with its expiry and leaves expired ones out', async () => {
    const rows = await rowsOf(app.dataDir, `kv_${scope}-cache`);
    assert.deepEqual(rows, [
      { key: 'live', value: '{"n":1}', expiresAt: liveTtl * 1000 },
      { key: 'plain', value: '[1,2,3]', expiresAt: null },
    ]);
  });

  it('imports the AppSettings (not the jwt-secret) into the settings table', async () => {
    const rows = await rowsOf(app.dataDir, 'bb_settings');
    assert.deepEqual(
      rows.map((row) => [row.key, row.value]),
      [
        [`/${scope}-api-key`, '"sk-reference-secret"'],
        [`/${scope}-greeting`, '{"text":"hello"}'],
      ],
    );
  });

  it('lets users sign in over HTTP with their original passwords, then holds argon2id hashes', async () => {
    const server = await startSandbox({ appDir: app.appDir, command: 'start', env });
    try {
      const hashes = await referenceHashes();
      // `Alice` is stored under her canonical name (D-12) and signs in with either spelling.
      const before = await callRpc(server.apiUrl, 'testApi.userRecord', ['alice']);
      assert.equal(before.body.result.hash, hashes.Alice);
      for (const [username, password] of [
        ['Alice', PASSWORDS.Alice],
        ['carol', PASSWORDS.carol],
      ] as const) {
        const reply = await callRpc(server.apiUrl, 'authApi.setAuthState', [
          { action: 'signIn', username, password },
        ]);
        assert.equal(reply.body.result?.state, 'signedIn', reply.text);
        const cookie = (reply.setCookies[0] ?? '').split(';')[0] as string;
        const profile = await callRpc(server.apiUrl, 'api.getProfile', [], { cookie });
        assert.equal(profile.body.result.username, username.toLowerCase(), profile.text);
        const record = await pollUntil(
          async () => {
            const stored = (await callRpc(server.apiUrl, 'testApi.userRecord', [username.toLowerCase()])).body
              .result;
            return String(stored?.hash).startsWith('$argon2id$') && stored;
          },
          { description: `${username}'s hash re-made with argon2id` },
        );
        assert.ok(record);
      }
      const legacy = (await callRpc(server.apiUrl, 'testApi.userRecord', ['carol'])).body.result;
      assert.equal(
        legacy.createdAt,
        '1970-01-01T00:00:00.000Z',
        'a legacy record keeps the epoch as createdAt',
      );
      // The unconfirmed user stays unconfirmed: the right password does not sign in.
      const bob = await callRpc(server.apiUrl, 'authApi.setAuthState', [
        { action: 'signIn', username: 'bob', password: PASSWORDS.bob },
      ]);
      assert.notEqual(bob.body.result?.state, 'signedIn', bob.text);
      const bobRecord = (await callRpc(server.apiUrl, 'testApi.userRecord', ['bob'])).body.result;
      assert.equal(bobRecord.unconfirmed, true);
      assert.equal(bobRecord.hash, hashes.bob);
    } finally {
      await server.stop();
    }
  });

  it('refuses to import again into the engine that now holds data', async () => {
    const fixture = await writeReferenceFolder(await tempDir(), scope);
    const run = await runBlockyard(['import', 'aws-blocks', fixture.folder, '--dir', app.appDir], { env });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /already holds data/);
  });
});

describe('blockyard import aws-blocks: refusals before writing', () => {
  const fresh = async () => {
    const dataDir = await tempDir();
    return { dataDir, url: `sqlite:${join(dataDir, 'blocks.db')}` };
  };
  const nothingWritten = async (dataDir: string) => {
    const db = join(dataDir, 'blocks.db');
    if (!existsSync(db)) return;
    const engine = await openEngine(`sqlite:${db}`, { purgeIntervalMs: 0 });
    try {
      assert.deepEqual(await (engine as unknown as { listTables(): Promise<string[]> }).listTables(), []);
    } finally {
      await engine.close();
    }
  };

  it('lists usernames that collide once canonicalised and writes nothing, unless told', async () => {
    const scope = `c${randomBytes(3).toString('hex')}`;
    const h = await referenceHashes();
    const fixture = await writeReferenceFolder(await tempDir(), scope, {
      ALICE: referenceUserEntry(h.bob, '2025-12-31T00:00:00.000Z'),
      ' carol ': referenceUserEntry(h.bob, '2027-01-01T00:00:00.000Z'),
    });
    const target = await fresh();
    const stopped = await runBlockyard(['import', 'aws-blocks', fixture.folder, '--url', target.url]);
    assert.equal(stopped.code, 1, stopped.stdout);
    assert.match(stopped.stderr, /"alice": "Alice", "ALICE"/);
    assert.match(stopped.stderr, /"carol": "carol", " carol "/);
    await nothingWritten(target.dataDir);

    const kept = await runBlockyard([
      'import',
      'aws-blocks',
      fixture.folder,
      '--url',
      target.url,
      '--on-collision',
      'keep-first',
    ]);
    assert.equal(kept.code, 0, kept.stderr);
    const users = await rowsOf(target.dataDir, `kv_${scope}-auth-users`);
    // The earliest account keeps the name: ALICE (2025) over Alice (2026); carol (1970) over " carol ".
    assert.equal(JSON.parse(users.find((row) => row.key === 'alice')?.value ?? '{}').hash, h.bob);
    assert.equal(JSON.parse(users.find((row) => row.key === 'carol')?.value ?? '{}').hash, h.carol);

    const skipped = await fresh();
    const skip = await runBlockyard([
      'import',
      'aws-blocks',
      fixture.folder,
      '--url',
      skipped.url,
      '--on-collision=skip',
    ]);
    assert.equal(skip.code, 0, skip.stderr);
    const left = await rowsOf(skipped.dataDir, `kv_${scope}-auth-users`);
    assert.deepEqual(
      left.map((row) => row.key),
      ['bob'],
    );
  });

  it('stops on a truncated store.json, a bad bcrypt hash or a value that is not JSON, naming file and item', async () => {
    const scope = `m${randomBytes(3).toString('hex')}`;
    const cases: { change: (folder: string) => Promise<void>; expect: RegExp }[] = [
      {
        change: async (folder) => {
          const file = join(folder, `${scope}-cache`, 'store.json');
          const text = await readFile(file, 'utf8');
          await writeFile(file, text.slice(0, text.length - 20));
        },
        expect: new RegExp(`${scope}-cache/store\\.json: not valid JSON`),
      },
      {
        change: async (folder) => {
          const file = join(folder, `${scope}-auth-users`, 'store.json');
          const users = JSON.parse(await readFile(file, 'utf8'));
          users.carol = JSON.stringify('$2b$12$tooshort');
          await writeFile(file, JSON.stringify(users));
        },
        expect: /auth-users\/store\.json: user "carol" has a malformed bcrypt hash/,
      },
      {
        change: async (folder) => {
          const file = join(folder, `${scope}-cache`, 'store.json');
          await writeFile(file, JSON.stringify({ broken: '{not json' }));
        },
        expect: /cache\/store\.json: item "broken" holds a value that is not JSON text/,
      },
    ];
    for (const { change, expect } of cases) {
      const fixture = await writeReferenceFolder(await tempDir(), scope);
      await change(fixture.folder);
      const target = await fresh();
      const run = await runBlockyard(['import', 'aws-blocks', fixture.folder, '--url', target.url]);
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stderr, expect);
      assert.match(run.stderr, /Nothing was written/);
      await nothingWritten(target.dataDir);
    }
  });
});

describe('blockyard import aws-blocks --from-dynamodb', () => {
  let local: LocalDynamoDb;
  before(async () => {
    local = await startLocalDynamoDb();
  });
  after(() => local.stop());

  it('reads the reference tables laid out as R-1503 describes', async () => {
    const client = new DynamoDBClient({
      endpoint: local.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const stack = `stack${randomBytes(3).toString('hex')}`;
    const scope = 'my-app';
    const h = await referenceHashes();
    const now = Math.floor(Date.now() / 1000);
    const tables: Record<string, { pk: string; value: string; ttl?: number }[]> = {
      [`${stack}-${scope}-auth-users`]: [
        { pk: 'Alice', value: referenceUserEntry(h.Alice, '2026-01-02T03:04:05.000Z') },
        { pk: 'carol', value: JSON.stringify(h.carol) },
      ],
      [`${stack}-${scope}-auth-codes`]: [
        { pk: 'reset:carol', value: JSON.stringify('{"hmac":"00","expires":1}') },
      ],
      [`${stack}-${scope}-cache`]: [
        { pk: 'live', value: '"v"', ttl: now + 600 },
        { pk: 'old', value: '"o"', ttl: now - 600 },
      ],
      'other-stack-table': [{ pk: 'x', value: '1' }],
    };
    for (const [TableName, items] of Object.entries(tables)) {
      await client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      for (const item of items) {
        await client.send(
          new PutItemCommand({
            TableName,
            Item: {
              pk: { S: item.pk },
              value: { S: item.value },
              ...(item.ttl ? { ttl: { N: String(item.ttl) } } : {}),
            },
          }),
        );
      }
    }
    client.destroy();
    const dataDir = await tempDir();
    const run = await runBlockyard(
      [
        'import',
        'aws-blocks',
        '--from-dynamodb',
        `${stack}-`,
        '--region',
        'us-east-1',
        '--endpoint',
        local.endpoint,
        '--url',
        `sqlite:${join(dataDir, 'blocks.db')}`,
      ],
      { env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, timeoutMs: 60_000 },
    );
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /2 AuthBasic users \(0 unconfirmed\)/);
    const users = await rowsOf(dataDir, `kv_${scope}-auth-users`);
    assert.deepEqual(
      users.map((row) => [row.key, JSON.parse(row.value).hash]),
      [
        ['alice', h.Alice],
        ['carol', h.carol],
      ],
    );
    assert.deepEqual(
      (await rowsOf(dataDir, `kv_${scope}-cache`)).map((row) => [row.key, row.expiresAt]),
      [['live', (now + 600) * 1000]],
    );
    assert.deepEqual(await rowsOf(dataDir, `kv_${scope}-auth-codes`), []);
    assert.deepEqual(await rowsOf(dataDir, 'kv_other-stack-table'), []);
  });
});
