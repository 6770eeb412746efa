/**
 * `blockyard backup` / `blockyard restore`: a round trip on each engine (SQLite, PostgreSQL,
 * DynamoDB) with equal digests, secrets encrypted under BLOCKS_BACKUP_KEY, and the refusals: secrets
 * without a key, a wrong key, a truncated file, an unknown format version, a target holding data.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../../packages/aws/src/test-support/local-dynamodb.js';
import { runBlockyard } from '../support/index.js';
import {
  engineDigests,
  freshPostgres,
  openData,
  postgresSkip,
  seedEngine,
  verifiedTables,
} from './support.js';

const KEY = 'backup-key-0123456789-abcdef';
const AWS_ENV = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

let dir: string;
let local: LocalDynamoDb;
const cleanups: (() => Promise<void>)[] = [];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'blockyard-backup-'));
  local = await startLocalDynamoDb();
});
after(async () => {
  for (const cleanup of cleanups) await cleanup().catch(() => {});
  await local.stop();
  await rm(dir, { recursive: true, force: true });
});

const sqliteUrl = async () => `sqlite:${join(dir, `${randomBytes(4).toString('hex')}.db`)}`;
const postgresUrl = async () => {
  const db = await freshPostgres();
  assert.ok(db);
  cleanups.push(db.drop);
  return db.url;
};
const dynamoUrl = async () => local.url();

const ENGINES = [
  { name: 'SQLite', url: sqliteUrl, skip: false as const },
  { name: 'PostgreSQL', url: postgresUrl, skip: postgresSkip },
  { name: 'DynamoDB', url: dynamoUrl, skip: false as const },
];

for (const engine of ENGINES) {
  describe(`backup and restore on ${engine.name}`, { skip: engine.skip }, () => {
    it('restores a backup into an empty engine with every table, expiry and counter equal', async () => {
      const sourceUrl = await engine.url();
      const source = await openData(sourceUrl);
      await seedEngine(source);
      const expected = await engineDigests(source);
      await source.close();
      const file = join(dir, `${randomBytes(4).toString('hex')}.bybak`);
      const backup = await runBlockyard(['backup', file, '--url', sourceUrl], {
        env: { ...AWS_ENV, BLOCKS_BACKUP_KEY: KEY },
        timeoutMs: 60_000,
      });
      assert.equal(backup.code, 0, backup.stderr);
      assert.match(backup.stdout, /format version 1; secrets encrypted with AES-256-GCM/);
      // The file is gzip of JSON lines; the secret values are not in it.
      const lines = gunzipSync(await readFile(file))
        .toString('utf8')
        .trim()
        .split('\n');
      const header = JSON.parse(lines[0] as string);
      assert.equal(header.format, 'blockyard-backup');
      assert.equal(header.version, 1);
      assert.ok(header.tables.includes('bb_settings'));
      // Ciphertext (`x`) is random base64, which may contain any short string by chance: the
      // secrets must be absent from everything else.
      const readable = lines.map((line) =>
        JSON.stringify({ ...JSON.parse(line), x: undefined, encryption: undefined }),
      );
      assert.doesNotMatch(readable.join('\n'), /c2VjcmV0LXNlY3JldC1zZWNyZXQ|"hello"|k1/);
      assert.ok(
        lines.some((line) => 'x' in JSON.parse(line)),
        'the secrets are there, encrypted',
      );
      assert.equal(JSON.parse(lines.at(-1) as string).end, true);

      const targetUrl = await engine.url();
      const restore = await runBlockyard(['restore', file, '--url', targetUrl], {
        env: { ...AWS_ENV, BLOCKS_BACKUP_KEY: KEY },
        timeoutMs: 60_000,
      });
      assert.equal(restore.code, 0, restore.stderr);
      for (const [table, result] of verifiedTables(restore.stdout)) {
        assert.ok(result.ok, table);
        assert.equal(result.source, result.target, table);
      }
      const target = await openData(targetUrl);
      try {
        assert.deepEqual(await engineDigests(target), expected);
        assert.equal(await target.table('kv_app-auth-throttle').increment('fail:user004', 1, null), 4);
        assert.equal(await target.table('kv_app-auth-sessions').get('gone'), null);
        assert.equal(await target.table('bb_settings').get('/app-greeting'), '"hello"');
      } finally {
        await target.close();
      }
    });
  });
}

describe('backup and restore refusals', () => {
  let sourceUrl: string;
  let file: string;
  before(async () => {
    sourceUrl = await sqliteUrl();
    const source = await openData(sourceUrl);
    await seedEngine(source);
    await source.close();
    file = join(dir, 'good.bybak');
    const run = await runBlockyard(['backup', file, '--url', sourceUrl], { env: { BLOCKS_BACKUP_KEY: KEY } });
    assert.equal(run.code, 0, run.stderr);
  });

  it('refuses to write secrets in clear without a key, unless told', async () => {
    const refused = join(dir, 'refused.bybak');
    const run = await runBlockyard(['backup', refused, '--url', sourceUrl]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /BLOCKS_BACKUP_KEY/);
    assert.ok(!existsSync(refused));
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.startsWith('refused')),
      [],
    );
    const clear = await runBlockyard(['backup', refused, '--url', sourceUrl, '--include-secrets-in-clear']);
    assert.equal(clear.code, 0, clear.stderr);
    assert.match(clear.stdout, /secrets IN CLEAR/);
    const target = await sqliteUrl();
    const restore = await runBlockyard(['restore', refused, '--url', target]);
    assert.equal(restore.code, 0, restore.stderr);
  });

  it('refuses a wrong key, a truncated file and an unknown format version, writing nothing', async () => {
    const bytes = await readFile(file);
    const truncated = join(dir, 'truncated.bybak');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const lines = gunzipSync(bytes).toString('utf8').split('\n');
    const header = JSON.parse(lines[0] as string);
    header.version = 99;
    const future = join(dir, 'future.bybak');
    await writeFile(future, gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n')));
    const cutAtLine = join(dir, 'cut.bybak');
    await writeFile(cutAtLine, gzipSync(lines.slice(0, -2).join('\n')));
    const cases = [
      { path: file, key: 'another-key-0123456789', expect: /not the key this backup was made with/ },
      { path: file, key: undefined, expect: /set BLOCKS_BACKUP_KEY/ },
      { path: truncated, key: KEY, expect: /truncated/ },
      { path: cutAtLine, key: KEY, expect: /before its end marker \(truncated\)/ },
      { path: future, key: KEY, expect: /line 1: unknown backup format version 99/ },
    ];
    for (const { path, key, expect } of cases) {
      const target = await sqliteUrl();
      const run = await runBlockyard(['restore', path, '--url', target], {
        env: key ? { BLOCKS_BACKUP_KEY: key } : { BLOCKS_BACKUP_KEY: '' },
      });
      assert.equal(run.code, 1, `${path}: ${run.stdout}`);
      assert.match(run.stderr, expect);
      assert.match(run.stderr, new RegExp(path.replaceAll('.', '\\.')));
      assert.ok(!existsSync(target.slice('sqlite:'.length)), 'the target was not even opened');
    }
  });

  it('restores into another kind of engine (SQLite backup → DynamoDB) with equal digests', async () => {
    const source = await openData(sourceUrl);
    const expected = await engineDigests(source);
    await source.close();
    const targetUrl = await dynamoUrl();
    const run = await runBlockyard(['restore', file, '--url', targetUrl], {
      env: { ...AWS_ENV, BLOCKS_BACKUP_KEY: KEY },
      timeoutMs: 60_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const target = await openData(targetUrl);
    try {
      assert.deepEqual(await engineDigests(target), expected);
    } finally {
      await target.close();
    }
  });

  it('refuses a target that holds data unless --merge', async () => {
    const target = await sqliteUrl();
    const engine = await openData(target);
    await engine.table('kv_app-other').put('mine', '"keep"', null);
    await engine.close();
    const refused = await runBlockyard(['restore', file, '--url', target], {
      env: { BLOCKS_BACKUP_KEY: KEY },
    });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already holds data/);
    const merged = await runBlockyard(['restore', file, '--url', target, '--merge'], {
      env: { BLOCKS_BACKUP_KEY: KEY },
    });
    assert.equal(merged.code, 0, merged.stderr);
    assert.match(merged.stdout, /kv_app-other: source 0 items [0-9a-f]+, target 1 items [0-9a-f]+ {2}ok/);
    const after = await openData(target);
    try {
      assert.equal(await after.table('kv_app-other').get('mine'), '"keep"');
      assert.equal(await after.table('bb_settings').get('/app-greeting'), '"hello"');
    } finally {
      await after.close();
    }
  });
});
