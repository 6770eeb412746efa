/**
 * @module tests/data/support — what the data command tests share: a reference app's `.bb-data/`
 * written by the reference's own format rules, throw-away PostgreSQL databases, and the digests the
 * commands print.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registerDynamoDbEngine } from '@blockyard/aws';
import { type KvEngine, openEngine } from '@blockyard/kv-store';
import { hasEngineData, type KvEngineData, SETTINGS_TABLE } from '@blockyard/kv-store/engine';
import bcrypt from 'bcryptjs';
import { CHECKPOINT_TABLE, TableDigest } from '../../packages/cli/src/data/rows.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/index.js';

/** The original passwords of the reference users. */
export const PASSWORDS = { Alice: 'alice-pass-41', bob: 'bob-pass-42', carol: 'carol-pass-43' } as const;

/** A bcrypt hash made as the reference makes it (bcryptjs, cost 12, R-613). */
export function referenceHash(password: string): Promise<string> {
  return bcrypt.hash(password, 12);
}

/** One stored value as the reference's KVStore persists it: `JSON.stringify(value)`. */
const serialized = (value: unknown) => JSON.stringify(value);

/** Hashes made once per test process (cost 12 is slow on purpose). */
let hashes: Promise<Record<keyof typeof PASSWORDS, string>> | undefined;
export function referenceHashes(): Promise<Record<keyof typeof PASSWORDS, string>> {
  hashes ??= (async () => ({
    Alice: await referenceHash(PASSWORDS.Alice),
    bob: await referenceHash(PASSWORDS.bob),
    carol: await referenceHash(PASSWORDS.carol),
  }))();
  return hashes;
}

/** What {@link writeReferenceFolder} wrote, for the assertions. */
export interface ReferenceFixture {
  folder: string;
  /** epoch seconds of the live TTL item */
  liveTtl: number;
}

/**
 * Writes a reference app's `.bb-data/` for an app whose AuthBasic block is `<scope>-auth` (R-804,
 * `Alice` (confirmed), `bob` (unconfirmed), `carol` (a legacy bare hash), a
 * pending code, a KVStore `<scope>-cache` with a live TTL item, an expired one and a plain one, and
 * settings with the jwt-secret, a secret and a plain value. `extraUsers` adds user entries verbatim.
 */
export async function writeReferenceFolder(
  parent: string,
  scope: string,
  extraUsers: Record<string, string> = {},
): Promise<ReferenceFixture> {
  const h = await referenceHashes();
  const folder = join(parent, '.bb-data');
  const store = async (fullId: string, items: Record<string, unknown>) => {
    await mkdir(join(folder, fullId), { recursive: true });
    await writeFile(join(folder, fullId, 'store.json'), JSON.stringify(items, null, 2));
  };
  const record = (fields: Record<string, unknown>) => serialized(JSON.stringify(fields));
  await store(`${scope}-auth-users`, {
    Alice: record({ hash: h.Alice, createdAt: '2026-01-02T03:04:05.000Z' }),
    bob: record({ hash: h.bob, createdAt: '2026-02-03T04:05:06.000Z', unconfirmed: true }),
    carol: serialized(h.carol),
    ...extraUsers,
  });
  const now = Math.floor(Date.now() / 1000);
  await store(`${scope}-auth-codes`, {
    'signup:bob': serialized(JSON.stringify({ hmac: 'ab'.repeat(32), expires: Date.now() + 600_000 })),
  });
  const liveTtl = now + 3600;
  await store(`${scope}-cache`, {
    live: { value: serialized({ n: 1 }), ttl: liveTtl },
    old: { value: serialized('stale'), ttl: now - 60 },
    plain: serialized([1, 2, 3]),
  });
  await writeFile(
    join(folder, 'settings.json'),
    JSON.stringify(
      {
        [`${scope}-auth-jwt-secret`]: randomBytes(32).toString('base64url'),
        [`${scope}-api-key`]: 'sk-reference-secret',
        [`${scope}-greeting`]: { text: 'hello' },
      },
      null,
      2,
    ),
  );
  return { folder, liveTtl };
}

/** The stored value of a reference user entry, for `extraUsers`. */
export function referenceUserEntry(hash: string, createdAt: string): string {
  return serialized(JSON.stringify({ hash, createdAt }));
}

/** A fresh, empty PostgreSQL database on the test server; `drop()` removes it. */
export async function freshPostgres(): Promise<PostgresDatabase | undefined> {
  const base = process.env.BLOCKS_TEST_POSTGRES_URL;
  return base ? createPostgresDatabase(base, 'bb_data') : undefined;
}

/** Why a PostgreSQL case is skipped, or `false`. */
export const postgresSkip = process.env.BLOCKS_TEST_POSTGRES_URL
  ? false
  : 'BLOCKS_TEST_POSTGRES_URL is not set (run through scripts/run-tests.mjs)';

/** The per-table verification lines a data command printed: table → {source, target} count and digest. */
export function verifiedTables(stdout: string): Map<string, { source: string; target: string; ok: boolean }> {
  const tables = new Map<string, { source: string; target: string; ok: boolean }>();
  for (const match of stdout.matchAll(
    /^ {2}(\S+): source (\d+ items [0-9a-f]{16}), target (\d+ items [0-9a-f]{16}) {2}(ok|DIFFERS)/gm,
  )) {
    tables.set(match[1] as string, {
      source: match[2] as string,
      target: match[3] as string,
      ok: match[4] === 'ok',
    });
  }
  assert.ok(tables.size > 0, `no verification lines in:\n${stdout}`);
  return tables;
}

/** An engine with the whole-engine access every engine of this repository offers. */
export type DataEngine = KvEngine & KvEngineData;

/** Opens `url` (dynamodb:// included) with background purging off, as the data commands do. */
export async function openData(url: string): Promise<DataEngine> {
  if (url.startsWith('dynamodb:')) registerDynamoDbEngine();
  const engine = await openEngine(url, { purgeIntervalMs: 0 });
  assert.ok(hasEngineData(engine));
  return engine;
}

/**
 * Fills an engine the way an app uses it: settings (a secret among them), signing keys, 250 users,
 * sessions and codes with expiries, counters made by `increment`, and one already expired item.
 */
export async function seedEngine(engine: DataEngine, scope = 'app'): Promise<void> {
  const now = engine.now();
  const users = Array.from({ length: 250 }, (_, i) => ({
    key: `user${String(i).padStart(3, '0')}`,
    value: JSON.stringify({
      hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA',
      createdAt: '2026-01-01T00:00:00.000Z',
    }),
    expiresAt: null,
  }));
  await engine.writeRows(`kv_${scope}-auth-users`, users);
  await engine.table(SETTINGS_TABLE).put(`/${scope}-auth-jwt-secret`, '"c2VjcmV0LXNlY3JldC1zZWNyZXQ"', null);
  await engine.table(SETTINGS_TABLE).put(`/${scope}-greeting`, '"hello"', null);
  await engine.table(`kv_${scope}-auth-signing-keys`).put('current', '{"kid":"k1"}', null);
  const sessions = engine.table(`kv_${scope}-auth-sessions`);
  await sessions.put('s1', '{"u":"user001"}', now + 3_600_000);
  await sessions.put('s2', '{"u":"user002"}', now + 7_200_000);
  await sessions.put('gone', '{"u":"user003"}', now - 1000);
  const throttle = engine.table(`kv_${scope}-auth-throttle`);
  await throttle.increment('fail:user004', 3, now + 900_000);
  await throttle.increment('fail:user005', 1, null);
}

/** Count and digest of every table of an engine (live items, checkpoint table left out). */
export async function engineDigests(engine: DataEngine): Promise<Record<string, string>> {
  const now = engine.now();
  return engine.readSnapshot(async (snapshot) => {
    const out: Record<string, string> = {};
    for (const table of await snapshot.tables()) {
      if (table === CHECKPOINT_TABLE) continue;
      const digest = new TableDigest();
      for await (const row of snapshot.scan(table, { includeExpired: true })) {
        if (row.expiresAt === null || row.expiresAt > now) digest.add(row);
      }
      const { count, digest: hex } = digest.summary();
      if (count > 0) out[table] = `${count} items ${hex.slice(0, 16)}`;
    }
    return out;
  });
}
