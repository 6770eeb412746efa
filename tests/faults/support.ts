/**
 * @module tests/faults/support — what the fault tests share: a PostgreSQL server of their own (so
 * stopping it never touches the suite's shared one), a bounded load that records every answer, and
 * the checks every "database unavailable" answer must pass.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../support/index.js';
import type { Reply } from '../support/rpc-client.js';

const SCRIPT = join(REPO_ROOT, 'scripts/pg-test-server.sh');

/** Why the PostgreSQL fault tests cannot run here, or `false`. */
export const postgresSkip: string | false =
  process.env.BLOCKS_TEST_POSTGRES === 'off' ? 'BLOCKS_TEST_POSTGRES=off' : false;

/** A throw-away PostgreSQL server owned by one test file, on its own folder and port. */
export interface OwnPostgres {
  readonly url: string;
  readonly port: string;
  readonly database: string;
  /** Stops the server (fast shutdown: sessions are ended, committed data stays). */
  stop(): void;
  /** Starts it again on the same port with the same data. */
  resume(): void;
  /** Ends every other connection to the database with `pg_terminate_backend`; returns how many. */
  terminateAll(): Promise<number>;
  /** Runs one query on a new connection. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Stops the server and removes its files. */
  remove(): void;
}

function script(command: string, dir: string): string {
  const run = spawnSync('bash', [SCRIPT, command, dir], { encoding: 'utf8', cwd: REPO_ROOT });
  if (run.status !== 0) throw new Error(`pg-test-server.sh ${command} failed: ${run.stderr}`);
  return run.stdout.trim();
}

/** Starts a PostgreSQL server in a new folder (see scripts/pg-test-server.sh). */
export function startOwnPostgres(): OwnPostgres {
  const dir = mkdtempSync(join(tmpdir(), 'blockyard-faults-pg-'));
  const url = script('start', dir);
  const parsed = new URL(url);
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    url,
    port: parsed.port,
    database: parsed.pathname.slice(1),
    stop: () => script('stop', dir),
    resume: () => {
      script('resume', dir);
    },
    terminateAll: async () => {
      const rows = await query<{ n: string }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      return Number(rows[0]?.n ?? 0);
    },
    query,
    remove: () => {
      script('stop', dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One answer the load recorded. */
export interface Answer {
  readonly kind: string;
  /** Milliseconds from sending to the last byte. */
  readonly ms: number;
  readonly ok: boolean;
  /** For a refusal: the error name, code (or `errorName` of a state), retriable, Retry-After. */
  readonly errorName?: string;
  readonly code?: number;
  readonly retriable?: boolean;
  readonly retryAfter?: string;
  readonly username?: string;
  /** A network failure (no HTTP answer at all). */
  readonly failed?: string;
}

/**
 * Runs `workers` loops calling `step(i)` back to back until `stop()` is called, recording each
 * answer. Bounded by the caller, who always stops it.
 */
export function runLoad(workers: number, step: (n: number) => Promise<Answer>) {
  const answers: Answer[] = [];
  let running = true;
  let n = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const started = performance.now();
      try {
        answers.push(await step(n++));
      } catch (error) {
        answers.push({ kind: 'network', ms: performance.now() - started, ok: false, failed: String(error) });
      }
    }
  });
  return {
    answers,
    async stop(): Promise<Answer[]> {
      running = false;
      await Promise.all(loops);
      return answers;
    },
  };
}

/** Times `call` and classifies the reply of an RPC method (an error answer) or of setAuthState. */
export async function timed(kind: string, call: () => Promise<Reply>, username?: string): Promise<Answer> {
  const started = performance.now();
  const reply = await call();
  const ms = performance.now() - started;
  const retryAfter = reply.headers['retry-after'] as string | undefined;
  const base = { kind, ms, ...(username ? { username } : {}), ...(retryAfter ? { retryAfter } : {}) };
  assert.equal(reply.status, 200, `every RPC answer is HTTP 200 (R-304), got ${reply.status}`);
  const body = reply.body as {
    result?: { errorName?: string; retriable?: boolean; state?: string };
    error?: { code: number; data?: { name?: string; retriable?: boolean } };
  };
  if (body.error) {
    return {
      ...base,
      ok: false,
      code: body.error.code,
      ...(body.error.data?.name ? { errorName: body.error.data.name } : {}),
      retriable: body.error.data?.retriable === true,
    };
  }
  const state = body.result;
  if (state && typeof state === 'object' && 'errorName' in state) {
    return { ...base, ok: false, errorName: state.errorName, retriable: state.retriable === true };
  }
  return { ...base, ok: true };
}

/** The answer every request gets while the database is unreachable. */
export function assertUnavailableAnswer(answer: Answer): void {
  assert.equal(answer.failed, undefined, `no socket fails or hangs: ${answer.failed}`);
  assert.equal(answer.errorName, 'EngineUnavailableException', JSON.stringify(answer));
  if (answer.code !== undefined) assert.equal(answer.code, 503);
  assert.equal(answer.retriable, true);
  assert.ok(answer.retryAfter !== undefined && Number(answer.retryAfter) > 0, 'Retry-After is set');
}
