/**
 * @module bench/phases/scale — the example app with many users and live sessions (ARCHITECTURE §6):
 * users and one session each are seeded straight through the engine (real records, one real argon2id
 * hash shared by all, so seeding takes seconds per 100k instead of days of hashing), then at each size
 * the sandbox is measured: the protected call over random users' sessions (one per connection, c=50),
 * `getAuthState` the same way, sign-in (c=4), sign-up (c=4), the database's bytes per user and the
 * sandbox process's RSS (after its spec-generation child is done). SQLite always; PostgreSQL when `BLOCKS_BENCH_POSTGRES_URL` or
 * `BLOCKS_TEST_POSTGRES_URL` is set (in a database of its own, dropped afterwards). Sizes:
 * `BLOCKS_BENCH_SCALE_SIZES` (default 10000,100000; 1000,10000 with `--quick`). Writes the curves as
 * SVG to `bench/results/scale.svg`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Scope } from '@blockyard/core';
import { KVStore, type KvEngine, openEngine } from '@blockyard/kv-store';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createPostgresDatabase } from '../../tests/support/index.js';
import { type LoadResult, rpcBody, runLoad } from '../lib/load.js';
import type { BenchContext, BenchPhase } from '../lib/phase.js';
import { rssOf, waitForDescendants } from '../lib/process-tree.js';
import { type BenchServer, EXAMPLE_APP_DIR, REPO_ROOT, startSandboxServer } from '../lib/servers.js';
import { lineChart, type Series } from '../lib/svg-plot.js';

const PASSWORD = 'correct-horse-42';
const SESSION_COOKIE = 'auth_my-app-auth=';
const SESSION_SECONDS = 86_400;
/** Sessions the load spreads over: one per connection of the protected-call load. */
const LOAD_SESSIONS = 50;
/** Sign-ins and sign-ups measured per size (c=4 each). */
const AUTH_SAMPLES = 48;

/** What one size measured. */
export interface Point {
  users: number;
  protected: number;
  authState: number;
  signIn: number;
  signUp: number;
  bytesPerUser: number;
  rssMb: number;
}

function sizes(quick: boolean): number[] {
  const fromEnv = process.env.BLOCKS_BENCH_SCALE_SIZES;
  if (fromEnv)
    return fromEnv
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  return quick ? [1_000, 10_000] : [10_000, 100_000];
}

/** `<sha256(username) base64url>.<sid>`: the key AuthBasic's session store uses. */
function sessionKey(username: string, sid: string): string {
  return `${createHash('sha256').update(username).digest('base64url')}.${sid}`;
}

async function rpc(apiUrl: string, body: string, cookie?: string): Promise<Response> {
  const send = () =>
    fetch(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body,
    });
  // A kept-alive connection the server closed while seeding went on is found closed on first use
  // (the request never reached the server): send once more on a new one.
  return send().catch(send);
}

function sessionCookie(response: Response): string | undefined {
  const line = response.headers.getSetCookie().find((l) => l.startsWith(SESSION_COOKIE));
  return line?.slice(0, line.indexOf(';'));
}

/** Runs `task(i)` for i < count, `concurrency` at a time; returns the rate per second. */
async function rate(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

interface EngineSetup {
  name: 'sqlite' | 'postgres';
  url: string;
  /** Bytes the database takes now. */
  size(): Promise<number>;
  cleanup(): Promise<void>;
}

async function sqliteSetup(): Promise<EngineSetup> {
  const dir = await mkdtemp(join(tmpdir(), 'blockyard-bench-scale-'));
  const file = join(dir, 'blocks.db');
  return {
    name: 'sqlite',
    url: `sqlite:${file}`,
    async size() {
      const db = new Database(file);
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
      return (await stat(file)).size;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresSetup(base: string): Promise<EngineSetup> {
  const database = await createPostgresDatabase(base, 'bench_scale');
  return {
    name: 'postgres',
    url: database.url,
    async size() {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query('VACUUM');
        const { rows } = await client.query<{ n: string }>(
          'SELECT pg_database_size(current_database()) AS n',
        );
        return Number(rows[0]?.n ?? 0);
      } finally {
        await client.end();
      }
    },
    cleanup: () => database.drop(),
  };
}

async function measureEngine(setup: EngineSetup, context: BenchContext): Promise<Point[]> {
  const server: BenchServer = await startSandboxServer({
    appDir: EXAMPLE_APP_DIR,
    env: { BLOCKS_DATABASE_URL: setup.url },
  });
  const apiUrl = `${server.url}/aws-blocks/api`;
  const engine = await openEngine(setup.url);
  const points: Point[] = [];
  try {
    return await seedAndMeasure(setup, context, server, apiUrl, engine, points);
  } catch (error) {
    throw new Error(
      `${String(error)} (cause: ${String((error as Error).cause)}); server output:\n${server.output().slice(-2000)}`,
    );
  } finally {
    await engine.close();
    await server.stop();
  }
}

async function seedAndMeasure(
  setup: EngineSetup,
  context: BenchContext,
  server: BenchServer,
  apiUrl: string,
  engine: KvEngine,
  points: Point[],
): Promise<Point[]> {
  {
    // One real sign-up gives the argon2id hash every seeded user shares.
    const first = await rpc(
      apiUrl,
      rpcBody('authApi.setAuthState', [{ action: 'signUp', username: 'seed-source', password: PASSWORD }]),
    );
    if (!sessionCookie(first)) throw new Error('the seed sign-up failed');
    // The sandbox's spec-generation child runs right after start; measure without it.
    await waitForDescendants(server.pid, /blocks-generate-spec/, 60_000);
    const auth = new Scope('auth', { parent: new Scope('my-app') });
    const users = new KVStore<{ hash: string; createdAt: string }>(auth, 'users', { engine });
    const sessions = new KVStore<Record<string, unknown>>(auth, 'sessions', { engine });
    const hash = (await users.get('seed-source'))?.hash;
    if (!hash) throw new Error('no stored hash to seed with');

    let seeded = 0;
    for (const size of sizes(context.quick)) {
      const started = performance.now();
      const createdAt = new Date().toISOString();
      for (let i = seeded; i < size; i += 500) {
        const batch: Promise<void>[] = [];
        for (let j = i; j < Math.min(size, i + 500); j++) {
          const username = `u${j}`;
          const sid = randomBytes(18).toString('base64url');
          const now = Date.now();
          batch.push(users.put(username, { hash, createdAt }));
          batch.push(
            sessions.put(
              sessionKey(username, sid),
              { sid, username, createdAt, expiresAt: now + SESSION_SECONDS * 1000, userCreatedAt: createdAt },
              { ttlSeconds: SESSION_SECONDS },
            ),
          );
        }
        await Promise.all(batch);
      }
      context.log(
        `  ${setup.name}: seeded ${size - seeded} users with a session in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      seeded = size;

      // Sign-in (c=4) of random seeded users; their sessions carry the protected-call load.
      const picked = Array.from({ length: AUTH_SAMPLES }, () => `u${Math.floor(Math.random() * size)}`);
      const cookies: string[] = [];
      const signIn = await rate(picked.length, 4, async (i) => {
        const reply = await rpc(
          apiUrl,
          rpcBody('authApi.setAuthState', [{ action: 'signIn', username: picked[i], password: PASSWORD }]),
        );
        const cookie = sessionCookie(reply);
        if (!cookie) throw new Error(`sign-in of ${picked[i]} failed: ${await reply.text()}`);
        cookies.push(cookie);
      });
      const signUp = await rate(AUTH_SAMPLES, 4, async (i) => {
        const username = `new-${size}-${i}`;
        const reply = await rpc(
          apiUrl,
          rpcBody('authApi.setAuthState', [{ action: 'signUp', username, password: PASSWORD }]),
        );
        if (!sessionCookie(reply)) throw new Error(`sign-up of ${username} failed: ${await reply.text()}`);
      });
      const load = async (body: string, label: string): Promise<LoadResult> => {
        const options = {
          url: apiUrl,
          body,
          headers: { 'content-type': 'application/json' },
          cookies: cookies.slice(0, LOAD_SESSIONS),
          sessionPerConnection: true,
          connections: LOAD_SESSIONS,
          seconds: context.roundSeconds,
        };
        // Warm up: the first size also waits out the sandbox's start-up work (the typed client it
        // writes, JIT), which otherwise made the smallest size look several times slower.
        await runLoad({ ...options, seconds: points.length === 0 ? 5 : 1 });
        const result = await runLoad(options);
        if (result.failures > 0) throw new Error(`${label}: ${result.failures} failed requests`);
        return result;
      };
      const protectedCall = await load(rpcBody('api.getProfile'), 'protected call');
      const authState = await load(rpcBody('authApi.getAuthState'), 'getAuthState');
      const check = await (await rpc(apiUrl, rpcBody('api.getProfile'), cookies[0])).json();
      if (!(check as { result?: unknown }).result)
        throw new Error(`a session stopped working: ${JSON.stringify(check)}`);
      const point: Point = {
        users: size,
        protected: protectedCall.requestsPerSecond,
        authState: authState.requestsPerSecond,
        signIn,
        signUp,
        bytesPerUser: (await setup.size()) / size,
        rssMb: rssOf(server.pid) / 1024 / 1024,
      };
      points.push(point);
      context.log(
        `  ${setup.name} ${size} users: protected ${point.protected.toFixed(0)} req/s, getAuthState ${point.authState.toFixed(0)} req/s, sign-in ${point.signIn.toFixed(1)}/s, sign-up ${point.signUp.toFixed(1)}/s, ${point.bytesPerUser.toFixed(0)} B/user, RSS ${point.rssMb.toFixed(1)} MB`,
      );
    }
  }
  return points;
}

function record(context: BenchContext, engine: string, points: Point[]): void {
  const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
  for (const p of points) {
    const at = `${engine} ${label(p.users)}`;
    context.record({ metric: `${at} protected call`, value: p.protected, unit: 'req/s' });
    context.record({ metric: `${at} getAuthState`, value: p.authState, unit: 'req/s' });
    context.record({ metric: `${at} sign-in (c=4)`, value: p.signIn, unit: '/s' });
    context.record({ metric: `${at} sign-up (c=4)`, value: p.signUp, unit: '/s' });
    context.record({
      metric: `${at} database per user`,
      value: p.bytesPerUser,
      unit: 'B',
      budget: { op: '<=', limit: 2048 },
    });
    context.record({ metric: `${at} sandbox RSS`, value: p.rssMb, unit: 'MB' });
  }
  const small = points[0];
  const large = points.at(-1);
  if (!small || !large || small === large) return;
  const span = `${label(large.users)} / ${label(small.users)}`;
  for (const key of ['protected', 'authState', 'signIn', 'signUp'] as const) {
    context.record({
      metric: `${engine} ${key} ${span}`,
      value: large[key] / small[key],
      unit: '×',
      budget: { op: '>=', limit: 0.85 },
    });
  }
  context.record({
    metric: `${engine} RSS growth ${span}`,
    value: large.rssMb - small.rssMb,
    unit: 'MB',
    budget: { op: '<=', limit: 20 },
  });
}

/** The curves: every rate relative to its value at the smallest size, per engine. */
export function scaleChart(results: readonly { engine: string; points: readonly Point[] }[]): string {
  const series: Series[] = results.flatMap(({ engine, points }) =>
    (['protected', 'authState', 'signIn', 'signUp'] as const).map((key) => ({
      label: `${engine} ${key === 'authState' ? 'getAuthState' : key}`,
      points: points.map((p) => ({ x: p.users, y: p[key] / (points[0]?.[key] ?? 1) })),
    })),
  );
  return lineChart(
    'Rates relative to the smallest size (1.0 = no slowdown)',
    'rate / rate at smallest size',
    series,
    {
      guide: { y: 0.85, label: 'budget 0.85' },
    },
  );
}

/** Users and live sessions at several sizes: rates, bytes per user, RSS. */
export const scale: BenchPhase = {
  name: 'scale',
  description: 'the example app at 10k, 100k … users with live sessions (SQLite, PostgreSQL)',
  onlyWhenNamed: true,
  async run(context) {
    const results: { engine: string; points: Point[] }[] = [];
    const pgUrl = process.env.BLOCKS_BENCH_POSTGRES_URL ?? process.env.BLOCKS_TEST_POSTGRES_URL;
    const setups = [sqliteSetup, ...(pgUrl ? [() => postgresSetup(pgUrl)] : [])];
    for (const make of setups) {
      const setup = await make();
      try {
        const points = await measureEngine(setup, context);
        results.push({ engine: setup.name, points });
        record(context, setup.name, points);
      } finally {
        await setup.cleanup();
      }
    }
    const dir = join(REPO_ROOT, 'bench/results');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'scale.svg');
    await writeFile(file, scaleChart(results));
    await writeFile(join(dir, 'scale.json'), `${JSON.stringify(results, null, 2)}\n`);
    context.log(`  curves written to ${file}`);
  },
};
