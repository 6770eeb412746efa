/**
 * @module bench/migrate — `blockyard migrate` SQLite → PostgreSQL with 100k users (each with one
 * session): items copied per second and the command's peak resident memory (ARCHITECTURE §6:
 * ≥ 5,000 items/s, ≤ 150 MB). The source is a fresh SQLite file; the target a fresh database on the
 * PostgreSQL server of `BLOCKS_BENCH_POSTGRES_URL` or `BLOCKS_TEST_POSTGRES_URL`
 * (`bash scripts/pg-test-server.sh start <dir>` prints one). Bounded: one run, killed after 10 minutes.
 *
 *   node --import tsx bench/migrate.ts [--users 100000]
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '@blockyard/kv-store';
import { hasEngineData } from '@blockyard/kv-store/engine';
import { createPostgresDatabase } from '../tests/support/index.js';
import { CLI_BIN } from './lib/servers.js';

const CLI = CLI_BIN;
// Printed by the command's process as it exits: its peak resident set (kilobytes on Linux).
const REPORT_MAX_RSS =
  "data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss_kb='+process.resourceUsage().maxRSS+'\\n'))";

function usersFlag(): number {
  const at = process.argv.indexOf('--users');
  const users = at === -1 ? 100_000 : Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(users) || users < 1 || users > 1_000_000) throw new Error('--users: 1 … 1000000');
  return users;
}

async function seed(url: string, users: number): Promise<number> {
  const engine = await openEngine(url, { purgeIntervalMs: 0 });
  if (!hasEngineData(engine)) throw new Error('the SQLite engine offers whole-engine access');
  const now = Date.now();
  const batch = 5000;
  for (let start = 0; start < users; start += batch) {
    const ids = Array.from({ length: Math.min(batch, users - start) }, (_, i) => start + i);
    await engine.writeRows(
      'kv_bench-auth-users',
      ids.map((i) => ({
        key: `user${String(i).padStart(7, '0')}`,
        value: JSON.stringify({
          hash: `$argon2id$v=19$m=19456,t=2,p=1$${randomBytes(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`,
          createdAt: new Date(now - i * 1000).toISOString(),
        }),
        expiresAt: null,
      })),
    );
    await engine.writeRows(
      'kv_bench-auth-sessions',
      ids.map((i) => ({
        key: randomBytes(16).toString('base64url'),
        value: JSON.stringify({ username: `user${String(i).padStart(7, '0')}`, epoch: 0, createdAt: now }),
        expiresAt: now + 86_400_000,
      })),
    );
  }
  await engine.close();
  return users * 2;
}

async function main(): Promise<number> {
  const base = process.env.BLOCKS_BENCH_POSTGRES_URL ?? process.env.BLOCKS_TEST_POSTGRES_URL;
  if (!base) {
    console.error('Set BLOCKS_BENCH_POSTGRES_URL (or BLOCKS_TEST_POSTGRES_URL) to a PostgreSQL server.');
    return 2;
  }
  const users = usersFlag();
  const dir = mkdtempSync(join(tmpdir(), 'blockyard-bench-migrate-'));
  const target = await createPostgresDatabase(base, 'bb_bench');
  try {
    const source = `sqlite:${join(dir, 'source.db')}`;
    const seededAt = performance.now();
    const items = await seed(source, users);
    console.log(
      `seeded ${users} users and ${users} sessions (${items} items) in ${Math.round(performance.now() - seededAt)} ms`,
    );
    const started = performance.now();
    // Synchronous: the bench has nothing else to do meanwhile; killed after 10 minutes.
    const run = spawnSync(
      process.execPath,
      ['--import', REPORT_MAX_RSS, CLI, 'migrate', '--from', source, '--to', target.url],
      { encoding: 'utf8', timeout: 600_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
    );
    const { stdout, stderr } = run;
    const code = run.status;
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) {
      console.error(stdout, stderr);
      return 1;
    }
    const copyRate = Number(/\((\d+) items\/s\)/.exec(stdout)?.[1] ?? Number.NaN);
    const maxRssMb = Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1024;
    const overall = Math.round(items / seconds);
    console.log(stdout.trim());
    console.log('');
    console.log(`| what | measured | budget |`);
    console.log(`| --- | --- | --- |`);
    console.log(`| copy rate (items/s, as migrate reports it) | ${copyRate} | ≥ 5,000 |`);
    console.log(
      `| whole command incl. start and verification (items/s) | ${overall} (${seconds.toFixed(1)} s) | — |`,
    );
    console.log(`| peak RSS of the command | ${maxRssMb.toFixed(1)} MB | ≤ 150 MB |`);
    return copyRate >= 5000 && maxRssMb <= 150 ? 0 : 1;
  } finally {
    await target.drop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
