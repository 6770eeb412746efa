/**
 * @module bench/engines — KVStore engine throughput: get, put and increment operations per second on
 * memory, SQLite (synchronous=NORMAL, the default, and FULL) and PostgreSQL (when
 * `BLOCKS_BENCH_POSTGRES_URL` or `BLOCKS_TEST_POSTGRES_URL` is set). Each operation runs for a bounded
 * time per engine with a fixed number of calls in flight.
 *
 *   node --import tsx bench/engines.ts [--seconds 2] [--concurrency 8]
 *
 * `runEngineBench(options)` returns the same figures for the main harness.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Scope } from '@blockyard/core';
import { KVStore, type KvEngine, openEngine } from '@blockyard/kv-store';

/** The operations measured. */
export type EngineBenchOp = 'get' | 'put' | 'increment';

/** Options of {@link runEngineBench}. */
export interface EngineBenchOptions {
  /** How long each operation runs on each engine. Default 2. */
  secondsPerOp?: number;
  /** Calls in flight at once. Default 8. */
  concurrency?: number;
  /** PostgreSQL URL; defaults to the environment; `null` skips PostgreSQL. */
  postgresUrl?: string | null;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** One measured figure. */
export interface EngineBenchResult {
  engine: string;
  op: EngineBenchOp;
  operations: number;
  seconds: number;
  perSecond: number;
  concurrency: number;
}

const KEYS = 1000;
const COUNTERS = 100;
const VALUE = { userId: 'u-0001', createdAt: '2030-01-01T00:00:00.000Z', pad: 'x'.repeat(120) };

async function measure(
  concurrency: number,
  seconds: number,
  operation: (i: number) => Promise<unknown>,
): Promise<{ operations: number; seconds: number }> {
  let operations = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; performance.now() < deadline; i += concurrency) {
        await operation(i);
        operations++;
      }
    }),
  );
  return { operations, seconds: (performance.now() - started) / 1000 };
}

/** Measures get, put and increment on one open engine (used by the AWS phase for DynamoDB too). */
export async function benchEngine(
  name: string,
  engine: KvEngine,
  options: Required<Pick<EngineBenchOptions, 'secondsPerOp' | 'concurrency'>>,
): Promise<EngineBenchResult[]> {
  // A fixed scope: repeated runs against one PostgreSQL database reuse the same two small tables.
  const scope = new Scope('blockyard-bench', { parent: {} });
  const items = new KVStore<typeof VALUE>(scope, 'items', { engine });
  const counters = new KVStore(scope, 'counters', { engine });
  for (let i = 0; i < KEYS; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => items.put(`key:${i + j}`, VALUE)));
  }
  const ops: Record<EngineBenchOp, (i: number) => Promise<unknown>> = {
    get: (i) => items.get(`key:${(i * 7919) % KEYS}`),
    put: (i) => items.put(`key:${i % KEYS}`, VALUE),
    increment: (i) => counters.increment(`count:${i % COUNTERS}`, 1, { ttlSeconds: 3600 }),
  };
  const results: EngineBenchResult[] = [];
  for (const op of Object.keys(ops) as EngineBenchOp[]) {
    const run = await measure(options.concurrency, options.secondsPerOp, ops[op]);
    results.push({
      engine: name,
      op,
      ...run,
      perSecond: run.operations / run.seconds,
      concurrency: options.concurrency,
    });
  }
  for await (const { key } of items.scan()) await items.delete(key);
  for await (const { key } of counters.scan({ includeExpired: true })) await counters.delete(key);
  return results;
}

/** Measures every available engine; returns one result per engine and operation. */
export async function runEngineBench(options: EngineBenchOptions = {}): Promise<EngineBenchResult[]> {
  const settings = { secondsPerOp: options.secondsPerOp ?? 2, concurrency: options.concurrency ?? 8 };
  const postgresUrl =
    options.postgresUrl === undefined
      ? (process.env.BLOCKS_BENCH_POSTGRES_URL ?? process.env.BLOCKS_TEST_POSTGRES_URL)
      : options.postgresUrl;
  const dir = mkdtempSync(join(tmpdir(), 'blockyard-bench-engines-'));
  const targets: [string, string][] = [
    ['memory', 'memory:'],
    ['sqlite', `sqlite:${join(dir, 'normal.db')}`],
    ['sqlite (synchronous=full)', `sqlite:${join(dir, 'full.db')}?synchronous=full`],
  ];
  if (postgresUrl) targets.push(['postgres', postgresUrl]);
  const results: EngineBenchResult[] = [];
  try {
    for (const [name, url] of targets) {
      options.log?.(`engines: ${name}…`);
      const engine = await openEngine(url, { purgeIntervalMs: 0, poolSize: settings.concurrency });
      try {
        results.push(...(await benchEngine(name, engine, settings)));
      } finally {
        await engine.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

function formatTable(results: EngineBenchResult[]): string {
  const engines = [...new Set(results.map((r) => r.engine))];
  const cell = (engine: string, op: EngineBenchOp) => {
    const found = results.find((r) => r.engine === engine && r.op === op);
    return (found ? Math.round(found.perSecond).toLocaleString('en-US') : '-').padStart(12);
  };
  const width = Math.max(...engines.map((e) => e.length), 6);
  const lines = [
    `${'engine'.padEnd(width)}  ${'get/s'.padStart(12)}  ${'put/s'.padStart(12)}  ${'increment/s'.padStart(12)}`,
  ];
  for (const engine of engines) {
    lines.push(
      `${engine.padEnd(width)}  ${cell(engine, 'get')}  ${cell(engine, 'put')}  ${cell(engine, 'increment')}`,
    );
  }
  return lines.join('\n');
}

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : Number(process.argv[index + 1]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const concurrency = argument('concurrency') ?? 8;
  const results = await runEngineBench({
    secondsPerOp: argument('seconds') ?? 2,
    concurrency,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`KVStore engines, ${concurrency} calls in flight\n${formatTable(results)}\n`);
  if (!results.some((r) => r.engine === 'postgres')) {
    process.stdout.write('(postgres skipped: set BLOCKS_BENCH_POSTGRES_URL or BLOCKS_TEST_POSTGRES_URL)\n');
  }
}
