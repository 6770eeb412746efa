import type { Database, Statement } from 'better-sqlite3';
import { addToCounter, parseCounter } from '../../counter.js';
import type { DeleteCondition, KvRow, KvTable, ScanRequest, WriteCondition } from '../../engine.js';
import type { OutageLog } from '../../outage-log.js';
import { expiryIndexName, quoteIdentifier } from '../../table-name.js';
import { pagedScan, SCAN_PAGE_SIZE } from '../paged-scan.js';
import { type CachedRow, type ReadCache, TableReadCache } from './read-cache.js';
import { translateSqliteError } from './sqlite-errors.js';

const LIVE = '(exp IS NULL OR exp > @now)';

/** What a table needs from its engine. */
export interface SqliteContext {
  db(): Database;
  now(): number;
  /** The connection's cache of rows read recently. */
  readonly cache: ReadCache;
  /** How long an operation keeps retrying while another process holds the lock. */
  readonly lockWaitMs: number;
  /** Told of every unavailability and success, to log an outage once at each end. */
  readonly outages: OutageLog;
}

/** Another connection holds a lock this statement needs; retrying later may succeed. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Statements {
  get: Statement<[string], CachedRow>;
  put: Statement<{ k: string; v: string; exp: number | null }>;
  putIfAbsent: Statement<{ k: string; v: string; exp: number | null; now: number }>;
  putIfEquals: Statement<{ k: string; v: string; exp: number | null; expected: string; now: number }>;
  delete: Statement<{ k: string }>;
  deleteIfLive: Statement<{ k: string; now: number }>;
  deleteIfEquals: Statement<{ k: string; expected: string; now: number }>;
  take: Statement<{ k: string }, { v: string; exp: number | null }>;
  row: Statement<{ k: string }, { v: string; exp: number | null }>;
  purge: Statement<{ now: number; limit: number }>;
  scans: Map<string, Statement<Record<string, unknown>, { k: string; v: string; exp: number | null }>>;
  increment: (key: string, by: number, expiresAtIfNew: number | null) => number;
}

/** One SQLite table; schema and prepared statements are created on first use and kept. */
export class SqliteTable implements KvTable {
  readonly #name: string;
  readonly #context: SqliteContext;
  readonly #rows: TableReadCache;
  #statements: Statements | undefined;

  constructor(name: string, context: SqliteContext) {
    this.#name = name;
    this.#context = context;
    this.#rows = new TableReadCache(context.cache);
  }

  #prepare(): Statements {
    const db = this.#context.db();
    const t = quoteIdentifier(this.#name);
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${t} (k TEXT PRIMARY KEY NOT NULL, v TEXT NOT NULL, exp INTEGER) WITHOUT ROWID;
       CREATE INDEX IF NOT EXISTS ${quoteIdentifier(expiryIndexName(this.#name))} ON ${t} (exp) WHERE exp IS NOT NULL;`,
    );
    const upsert = `INSERT INTO ${t} (k, v, exp) VALUES (@k, @v, @exp) ON CONFLICT (k) DO UPDATE SET v = excluded.v, exp = excluded.exp`;
    const row = db.prepare<{ k: string }, { v: string; exp: number | null }>(
      `SELECT v, exp FROM ${t} WHERE k = @k`,
    );
    const put = db.prepare<{ k: string; v: string; exp: number | null }>(upsert);
    const setValue = db.prepare<{ k: string; v: string }>(`UPDATE ${t} SET v = @v WHERE k = @k`);
    // IMMEDIATE takes the write lock before reading, so another process cannot slip a write in between.
    const incrementTransaction = db.transaction((key: string, by: number, expiresAtIfNew: number | null) => {
      const current = row.get({ k: key });
      const live = current !== undefined && (current.exp === null || current.exp > this.#context.now());
      const next = addToCounter(live ? parseCounter(current.v) : 0, by);
      // A live counter keeps its expiry; leaving `exp` out of the UPDATE spares the expiry index a write.
      if (live) setValue.run({ k: key, v: String(next) });
      else put.run({ k: key, v: String(next), exp: expiresAtIfNew });
      return next;
    });
    return {
      // A positional parameter and rows as arrays: cheaper than names, and `get` is the hot path.
      get: db.prepare<[string], CachedRow>(`SELECT v, exp FROM ${t} WHERE k = ?`).raw(),
      put,
      putIfAbsent: db.prepare(`${upsert} WHERE exp IS NOT NULL AND exp <= @now`),
      putIfEquals: db.prepare(
        `UPDATE ${t} SET v = @v, exp = @exp WHERE k = @k AND v = @expected AND ${LIVE}`,
      ),
      delete: db.prepare(`DELETE FROM ${t} WHERE k = @k`),
      deleteIfLive: db.prepare(`DELETE FROM ${t} WHERE k = @k AND ${LIVE}`),
      deleteIfEquals: db.prepare(`DELETE FROM ${t} WHERE k = @k AND v = @expected AND ${LIVE}`),
      take: db.prepare(`DELETE FROM ${t} WHERE k = @k RETURNING v, exp`),
      row,
      purge: db.prepare(
        `DELETE FROM ${t} WHERE k IN (SELECT k FROM ${t} WHERE exp <= @now ORDER BY exp LIMIT @limit)`,
      ),
      scans: new Map(),
      increment: (key, by, expiresAtIfNew) => incrementTransaction.immediate(key, by, expiresAtIfNew),
    };
  }

  /**
   * Runs `operation` (one statement or one transaction). When another process holds the lock, the
   * attempt fails after SQLite's short busy slice and is retried asynchronously with growing delays,
   * so a long-held lock never stalls the event loop; past `lockWaitMs` the operation fails with
   * EngineUnavailable. `key`, for a write, is dropped from the read cache before and after, so a read
   * made while the write waited is not kept.
   */
  async #run<R>(operation: (statements: Statements) => R, key?: string): Promise<R> {
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      if (key !== undefined) this.#rows.forget(key);
      try {
        this.#statements ??= this.#prepare();
        const result = operation(this.#statements);
        this.#context.outages.succeeded();
        return result;
      } catch (error) {
        const waited = performance.now() - started;
        if (!isBusy(error) || waited >= this.#context.lockWaitMs) {
          throw this.#context.outages.failed(translateSqliteError(error));
        }
        // 1, 2, 4 … 64 ms, jittered so that waiting writers do not retry in lockstep.
        const delay = Math.min(64, 2 ** attempt) * (0.5 + Math.random() / 2);
        await sleep(Math.min(delay, this.#context.lockWaitMs - waited));
      } finally {
        if (key !== undefined) this.#rows.forget(key);
      }
    }
  }

  async get(key: string): Promise<string | null> {
    let row: CachedRow | undefined;
    try {
      if (this.#rows.holds(key)) {
        await this.#context.cache.checked();
        row = this.#rows.current(key);
      }
      if (row === undefined) {
        this.#statements ??= this.#prepare();
        row = this.#statements.get.get(key);
        if (row === undefined) return null;
        this.#rows.remember(key, row);
      }
    } catch (error) {
      if (!isBusy(error)) throw this.#context.outages.failed(translateSqliteError(error));
      row = await this.#run((s) => s.get.get(key));
      if (row === undefined) return null;
    }
    const expiresAt = row[1];
    return expiresAt === null || expiresAt > this.#context.now() ? row[0] : null;
  }

  async put(key: string, value: string, expiresAt: number | null, condition?: WriteCondition) {
    return this.#run((s) => {
      const now = this.#context.now();
      if (!condition) return s.put.run({ k: key, v: value, exp: expiresAt }).changes > 0;
      if (condition.kind === 'absent') {
        return s.putIfAbsent.run({ k: key, v: value, exp: expiresAt, now }).changes > 0;
      }
      return (
        s.putIfEquals.run({ k: key, v: value, exp: expiresAt, expected: condition.value, now }).changes > 0
      );
    }, key);
  }

  async delete(key: string, condition?: DeleteCondition) {
    return this.#run((s) => {
      const now = this.#context.now();
      if (!condition) {
        s.delete.run({ k: key });
        return true;
      }
      if (condition.kind === 'exists') return s.deleteIfLive.run({ k: key, now }).changes > 0;
      return s.deleteIfEquals.run({ k: key, expected: condition.value, now }).changes > 0;
    }, key);
  }

  async increment(key: string, by: number, expiresAtIfNew: number | null) {
    return this.#run((s) => s.increment(key, by, expiresAtIfNew), key);
  }

  async take(key: string) {
    return this.#run((s) => {
      const row = s.take.get({ k: key });
      if (!row || (row.exp !== null && row.exp <= this.#context.now())) return null;
      return row.v;
    }, key);
  }

  #scanStatement(s: Statements, first: boolean, bounded: boolean, includeExpired: boolean) {
    const id = `${first}:${bounded}:${includeExpired}`;
    let statement = s.scans.get(id);
    if (!statement) {
      const where = [first ? 'k >= @from' : 'k > @from'];
      if (bounded) where.push('k < @to');
      if (!includeExpired) where.push(LIVE);
      statement = this.#context
        .db()
        .prepare(
          `SELECT k, v, exp FROM ${quoteIdentifier(this.#name)} WHERE ${where.join(' AND ')} ORDER BY k LIMIT ${SCAN_PAGE_SIZE}`,
        );
      s.scans.set(id, statement);
    }
    return statement;
  }

  scan(request: ScanRequest): AsyncIterable<KvRow> {
    return pagedScan(request, ({ from, first, to, includeExpired }) =>
      this.#run((s) => {
        const params: Record<string, unknown> = { from };
        if (to !== null) params.to = to;
        if (!includeExpired) params.now = this.#context.now();
        return this.#scanStatement(s, first, to !== null, includeExpired)
          .all(params)
          .map((row) => ({ key: row.k, value: row.v, expiresAt: row.exp }));
      }),
    );
  }

  async purgeExpired(limit: number) {
    return this.#run((s) => s.purge.run({ now: this.#context.now(), limit }).changes);
  }

  /** Upserts `rows` with their expiries in one transaction (bulk loads: restore, migrate, import). */
  async writeRows(rows: readonly KvRow[]): Promise<void> {
    for (const row of rows) this.#rows.forget(row.key);
    this.#run((s) => {
      this.#context.db().transaction(() => {
        for (const row of rows) s.put.run({ k: row.key, v: row.value, exp: row.expiresAt });
      })();
    });
  }
}
