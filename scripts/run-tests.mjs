#!/usr/bin/env node
// Runs every test file of the repository with Node's test runner, TypeScript loaded through tsx.
// Usage: node scripts/run-tests.mjs [path-filter ...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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

const filters = process.argv.slice(2);
const files = [...collect(join(root, 'packages'), []), ...collect(join(root, 'tests'), [])]
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}
// The PostgreSQL suites need a server: use BLOCKS_TEST_POSTGRES_URL when given, otherwise start a
// throw-away one on loopback (BLOCKS_TEST_POSTGRES=off skips them, and they say so).
const env = { ...process.env };
const pgScript = join(root, 'scripts/pg-test-server.sh');
let startedPostgres = false;
if (!env.BLOCKS_TEST_POSTGRES_URL && env.BLOCKS_TEST_POSTGRES !== 'off') {
  // A server that is already running (another test run's) is used as is and left running.
  let pg = spawnSync('bash', [pgScript, 'status'], { encoding: 'utf8' });
  if (pg.status !== 0) {
    pg = spawnSync('bash', [pgScript, 'start'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    startedPostgres = pg.status === 0;
  }
  if (pg.status !== 0) {
    console.error(
      'Could not start the PostgreSQL test server (set BLOCKS_TEST_POSTGRES=off to skip those suites).',
    );
    process.exit(1);
  }
  env.BLOCKS_TEST_POSTGRES_URL = pg.stdout.trim();
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env },
);
if (startedPostgres) spawnSync('bash', [pgScript, 'stop'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
