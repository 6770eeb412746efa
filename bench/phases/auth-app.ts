/**
 * @module bench/phases/auth-app — what the AuthBasic phases share: the sandbox serving the AuthBasic
 * backend of ARCHITECTURE §1 (the example app, `examples/auth-basic-app`) on a fresh SQLite file, with
 * one signed-up user.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type LoadResult, rpcBody, runLoad } from '../lib/load.js';
import { type BenchServer, EXAMPLE_APP_DIR, REPO_ROOT, startSandboxServer } from '../lib/servers.js';

/** The app the AuthBasic budgets are measured on. */
export const AUTH_APP_DIR = EXAMPLE_APP_DIR;

/** The bench user's credentials. */
export const BENCH_USER = { username: 'bench-user', password: 'correct-horse-42' } as const;

/** JSON-RPC bodies and headers of the calls the phases load. */
export const AUTH_CALLS = {
  getProfile: rpcBody('api.getProfile'),
  signIn: rpcBody('authApi.setAuthState', [{ action: 'signIn', ...BENCH_USER }]),
};

/** A sandbox on the AuthBasic app with a signed-up user. */
export interface AuthBench {
  readonly server: BenchServer;
  /** `http://127.0.0.1:<port>/aws-blocks/api` */
  readonly apiUrl: string;
  /** The `cookie` header of the user's session. */
  readonly cookie: string;
  /** The argon2id parameters of the user's stored hash, e.g. `m=19456,t=2,p=1`. */
  readonly argon2Params: string;
  /** Signs up `count` more users (`bench-user-<i>`) and returns the `cookie` header of each session. */
  moreSessions(count: number): Promise<string[]>;
  stop(): Promise<void>;
}

const SESSION_COOKIE = 'auth_my-app-auth=';

/** Signs `username` up through the state API and returns the `cookie` header of the new session. */
async function signUpSession(apiUrl: string, username: string): Promise<string> {
  const response = await call(
    apiUrl,
    rpcBody('authApi.setAuthState', [{ action: 'signUp', username, password: BENCH_USER.password }]),
  );
  const state = (await response.json()) as { result?: { state?: string } };
  if (state.result?.state !== 'signedIn')
    throw new Error(`sign-up of ${username} failed: ${JSON.stringify(state)}`);
  const session = response.headers.getSetCookie().find((line) => line.startsWith(SESSION_COOKIE));
  if (!session) throw new Error(`sign-up of ${username} set no session cookie`);
  return session.slice(0, session.indexOf(';'));
}

async function call(apiUrl: string, body: string, cookie?: string): Promise<Response> {
  const response = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body,
  });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${apiUrl}`);
  return response;
}

// The parameters the block really used, read back from the stored hash (so the yardstick cannot
// drift from the implementation).
function storedArgon2Params(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    for (const { name } of tables) {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      const columns = db.prepare(`PRAGMA table_info(${quoted})`).all() as { name: string }[];
      for (const column of columns) {
        const row = db
          .prepare(
            `SELECT "${column.name}" AS v FROM ${quoted} WHERE CAST("${column.name}" AS TEXT) LIKE ? LIMIT 1`,
          )
          .get('%$argon2id$%') as { v: unknown } | undefined;
        const match = row && /\$argon2id\$v=19\$([a-z]=\d+(?:,[a-z]=\d+)*)\$/.exec(String(row.v));
        if (match?.[1]) return match[1];
      }
    }
  } finally {
    db.close();
  }
  throw new Error('no argon2id hash found in the sandbox database');
}

/**
 * Starts the sandbox on the AuthBasic app (with `env` added to its environment), signs up
 * {@link BENCH_USER} and checks the session works.
 */
export async function startAuthBench(env: Record<string, string> = {}): Promise<AuthBench> {
  const dataDir = await mkdtemp(join(tmpdir(), 'blockyard-bench-auth-'));
  const dbFile = join(dataDir, 'blocks.db');
  let server: BenchServer | undefined;
  try {
    server = await startSandboxServer({
      appDir: AUTH_APP_DIR,
      env: { ...env, BLOCKS_DATABASE_URL: `sqlite:${dbFile}` },
    });
    const apiUrl = `${server.url}/aws-blocks/api`;
    const cookie = await signUpSession(apiUrl, BENCH_USER.username);
    const profile = (await (await call(apiUrl, AUTH_CALLS.getProfile, cookie)).json()) as {
      result?: { username?: string };
    };
    if (profile.result?.username !== BENCH_USER.username) {
      throw new Error(`api.getProfile with the cookie failed: ${JSON.stringify(profile)}`);
    }
    const argon2Params = storedArgon2Params(dbFile);
    const running = server;
    let sessionsMade = 0;
    return {
      server: running,
      apiUrl,
      cookie,
      argon2Params,
      async moreSessions(count) {
        const first = sessionsMade;
        sessionsMade += count;
        return Promise.all(
          Array.from({ length: count }, (_, i) =>
            signUpSession(apiUrl, `${BENCH_USER.username}-${first + i}`),
          ),
        );
      },
      async stop() {
        await running.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** What {@link measureArgon2VerifyRate} measured. */
export interface Argon2Rate {
  perSecond: number;
  verifies: number;
  seconds: number;
  concurrency: number;
  params: string;
}

/**
 * The raw argon2id verify rate of this machine with `params`, measured in a child process that keeps
 * `concurrency` verifies in flight for `seconds` (see `auth-argon2-rate.ts`).
 */
export function measureArgon2VerifyRate(
  params: string,
  seconds: number,
  concurrency: number,
): Promise<Argon2Rate> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'bench/phases/auth-argon2-rate.ts'),
        params,
        String(seconds),
        String(concurrency),
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(line) as Argon2Rate);
      } catch (error) {
        reject(new Error(`argon2 rate probe failed (${(error as Error).message}):\n${out}`));
      }
    });
  });
}

/** The p-th percentile (0..100) of `values` (NaN when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/**
 * Sign-in load with the right password: one connection per user (`users` from
 * {@link signUpLoadUsers}). Each password check reserves a place in its username's lockout count
 * before hashing (D-14), so more than `maxFailures` simultaneous sign-ins of *one* username are
 * refused until earlier ones finish; real load is many users, and so is this. Returns the combined
 * rate; p50/p99 are the worst connection's.
 */
export async function runSignInLoad(
  apiUrl: string,
  users: readonly string[],
  seconds: number,
): Promise<LoadResult> {
  const runs = await Promise.all(
    users.map((username) =>
      runLoad({
        url: apiUrl,
        body: rpcBody('authApi.setAuthState', [
          { action: 'signIn', username, password: BENCH_USER.password },
        ]),
        headers: { 'content-type': 'application/json' },
        connections: 1,
        seconds,
      }),
    ),
  );
  return {
    requestsPerSecond: runs.reduce((sum, run) => sum + run.requestsPerSecond, 0),
    p50: Math.max(...runs.map((run) => run.p50)),
    p99: Math.max(...runs.map((run) => run.p99)),
    ok: runs.reduce((sum, run) => sum + run.ok, 0),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    seconds,
  };
}

/** Signs up `count` more users with {@link BENCH_USER}'s password; returns their names. */
export async function signUpLoadUsers(apiUrl: string, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `bench-load-${i}`);
  for (const username of names) await signUpSession(apiUrl, username);
  return names;
}
