#!/usr/bin/env node
// Runs the test files of the repository with Node's test runner, TypeScript loaded through tsx.
// Usage: node scripts/run-tests.mjs [--unit | --e2e] [path-filter ...]
//   (no tier)  every test file: what CI runs (`npm test`)
//   --unit     the packages' own tests and tests/surface: the fast inner loop (`npm run test:unit`)
//   --e2e      the cross-package tests in tests/ except tests/surface (`npm run test:e2e`)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', 'dist', '.git', '.bb-data', '.blocks-sandbox']);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const TIERS = {
  unit: (file) => file.startsWith('packages/') || file.startsWith('tests/surface/'),
  e2e: (file) => file.startsWith('tests/') && !file.startsWith('tests/surface/'),
};
const args = process.argv.slice(2);
const tierArgs = args.filter((arg) => arg === '--unit' || arg === '--e2e');
if (tierArgs.length > 1) {
  console.error('Give at most one of --unit and --e2e.');
  process.exit(2);
}
const inTier = tierArgs.length === 1 ? TIERS[tierArgs[0].slice(2)] : () => true;
const filters = args.filter((arg) => !tierArgs.includes(arg));
const files = [...collect(join(root, 'packages'), []), ...collect(join(root, 'tests'), [])]
  .filter(inTier)
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}
// The PostgreSQL suites need a server: use BLOCKS_TEST_POSTGRES_URL when given, otherwise start a
// throw-away one on loopback, on a free port with its files in a new folder of this run, so two runs
// (two clones on one machine) never share or stop each other's server. BLOCKS_TEST_POSTGRES=off skips
// those suites, and they say so.
const env = { ...process.env };
const pgScript = join(root, 'scripts/pg-test-server.sh');
let pgDir;
if (!env.BLOCKS_TEST_POSTGRES_URL && env.BLOCKS_TEST_POSTGRES !== 'off') {
  pgDir = mkdtempSync(join(tmpdir(), 'blockyard-pg-'));
  const pg = spawnSync('bash', [pgScript, 'start', pgDir], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (pg.status !== 0) {
    stopPostgres();
    console.error(
      'Could not start the PostgreSQL test server (set BLOCKS_TEST_POSTGRES=off to skip those suites).',
    );
    process.exit(1);
  }
  env.BLOCKS_TEST_POSTGRES_URL = pg.stdout.trim();
}

function stopPostgres() {
  if (!pgDir) return;
  spawnSync('bash', [pgScript, 'stop', pgDir], { stdio: 'inherit' });
  rmSync(pgDir, { recursive: true, force: true });
  pgDir = undefined;
}

// Ctrl-C reaches the test runner too; this process waits for it to end, then stops its server.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env },
);
stopPostgres();
process.exit(result.status ?? 1);
