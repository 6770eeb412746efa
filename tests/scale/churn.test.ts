// Storage stays bounded under churn (ARCHITECTURE §6): days of sign-ins, wrong passwords, password
// resets and sign-outs, on a clock moved a day at a time, with the engine's bounded purge (what its
// background timer runs) after each day. Every table's row count is flat after the first expiry
// period, and the SQLite file does not grow with the days.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { KvEngine } from '@blockyard/kv-store';
import { storeTableName } from '@blockyard/kv-store/engine';
import Database from 'better-sqlite3';
import { Client, makeAuth } from '../../packages/auth-basic/src/test-support/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'blockyard-churn-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 24 * 60 * 60;
const USERS = 6;
const DAYS = 8;
const PASSWORD = 'correct-horse-42';
const TABLES = ['users', 'codes', 'sessions', 'signing-keys', 'throttle', 'outbox'];

const pgUrl = process.env.BLOCKS_TEST_POSTGRES_URL;
const cases = [
  {
    name: 'sqlite',
    url: () => `sqlite:${join(dir, `churn-${randomBytes(3).toString('hex')}.db`)}`,
    skip: false,
  },
  {
    name: 'postgres',
    url: () => pgUrl as string,
    skip: pgUrl ? false : 'BLOCKS_TEST_POSTGRES_URL is not set (run through scripts/run-tests.mjs)',
  },
];

/** Rows per table, expired ones included (what the storage holds, not what reads see). */
async function rowCounts(engine: KvEngine, scopeId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of TABLES) {
    let n = 0;
    const table = engine.table(storeTableName(`${scopeId}-auth-${name}`));
    for await (const _ of table.scan({ prefix: '', startAfter: '', includeExpired: true })) n++;
    counts[name] = n;
  }
  return counts;
}

/** The database file's size once its WAL is checkpointed into it (what the data takes on disk). */
function checkpointedSize(file: string): number {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return statSync(file).size;
}

/** Runs the engine's bounded purge until a round deletes nothing (the background timer's work). */
async function sweep(engine: KvEngine): Promise<void> {
  for (let round = 0; round < 100 && (await engine.purgeExpired()) > 0; round++);
}

for (const engineCase of cases) {
  describe(`churn on ${engineCase.name}`, { skip: engineCase.skip }, () => {
    it('keeps every table flat after the first expiry period', async (t) => {
      const scopeId = `churn${randomBytes(4).toString('hex')}`;
      const url = engineCase.url();
      const h = await makeAuth({ engineUrl: url, scopeId, codes: true, sessionDuration: 2.5 * DAY });
      try {
        const usernames = Array.from({ length: USERS }, (_, i) => `churn-${i}`);
        for (const username of usernames) {
          await h.auth.signUp(username, PASSWORD);
          await h.auth.confirmSignUp(username, await h.lastCode(username, 'signup'));
        }
        const perDay: Record<string, number>[] = [];
        const fileSizes: number[] = [];
        for (let day = 0; day < DAYS; day++) {
          for (const [i, username] of usernames.entries()) {
            const client = new Client({ clientAddress: `10.0.${day}.${i}` });
            await h.auth.signIn(username, `wrong-${day}-password-1`, client.context()).catch(() => {});
            // Half the users reset their password (which ends their sessions) every day.
            if (i % 2 === 0) {
              await h.auth.resetPassword(username);
              await h.auth.confirmResetPassword(username, await h.lastCode(username, 'reset'), PASSWORD);
            }
            const context = client.context();
            await h.auth.signIn(username, PASSWORD, context);
            client.absorb(context);
            await h.auth.signOut(client.context());
            // Another device that never signs out: its session only expires (or ends at a reset).
            const other = new Client({ clientAddress: `10.1.${day}.${i}` }).context();
            await h.auth.signIn(username, PASSWORD, other);
          }
          h.clock.advance(DAY);
          const unswept = await rowCounts(h.engine, scopeId);
          await sweep(h.engine);
          const counts = await rowCounts(h.engine, scopeId);
          perDay.push(counts);
          // Without the purge, the sessions that expired would stay in the table day after day.
          if (day >= 2) assert.ok((unswept.sessions ?? 0) > (counts.sessions ?? 0), 'the purge removed rows');
          if (engineCase.name === 'sqlite') fileSizes.push(checkpointedSize(url.slice('sqlite:'.length)));
        }
        // Sessions last 2.5 days, codes 10 min, counters 24 h: from the second day on every table
        // holds the same rows (two days of sessions that were never signed out) however many days pass.
        const settled = perDay[1] as Record<string, number>;
        for (const [day, counts] of perDay.entries()) {
          if (day < 1) continue;
          assert.deepEqual(counts, settled, `day ${day}: ${JSON.stringify(perDay)}`);
        }
        assert.equal(settled.users, USERS);
        // Users who reset keep that day's session; the others, the last two days' (older ones purged).
        assert.equal(
          settled.sessions,
          USERS / 2 + 2 * (USERS / 2),
          'signed-out sessions gone, expired purged',
        );
        assert.equal(settled.outbox, 0);
        t.diagnostic(`rows per table by day: ${JSON.stringify(perDay)}`);
        if (fileSizes.length > 0) t.diagnostic(`SQLite file by day (bytes): ${fileSizes.join(', ')}`);
        if (fileSizes.length > 0) {
          const [first = 0] = fileSizes.slice(1);
          const last = fileSizes.at(-1) ?? 0;
          assert.ok(last <= first * 1.1, `the SQLite file does not grow: ${fileSizes.join(', ')} bytes`);
        }
      } finally {
        await h.close();
      }
    });
  });
}
