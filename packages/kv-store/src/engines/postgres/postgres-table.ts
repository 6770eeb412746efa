import { createHash } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import { counterOverflow, notACounter } from '../../counter.js';
import type { DeleteCondition, KvRow, KvTable, ScanRequest, WriteCondition } from '../../engine.js';
import { engineUnavailable } from '../../errors.js';
import type { OutageLog } from '../../outage-log.js';
import { expiryIndexName, quoteIdentifier } from '../../table-name.js';
import { pagedScan, SCAN_PAGE_SIZE } from '../paged-scan.js';
import { codeOf, translatePostgresError } from './postgres-errors.js';

const MAX_SAFE = '9007199254740991';
// Serialises schema creation across processes: concurrent CREATE TABLE IF NOT EXISTS can otherwise
// fail on the pg_type unique index.
const SCHEMA_LOCK_KEY = '7587129038175617';

/** What a table needs from its engine. */
export interface PostgresContext {
  pool(): Pool;
  now(): number;
  /** `The PostgreSQL database`, for error messages. */
  label: string;
  /** Told of every unavailability and success, to log an outage once at each end. */
  outages: OutageLog;
}

type ScanRow = { k: string; v: string; exp: string | null };

function statementName(text: string): string {
  return `bb_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
}

function toMillis(exp: string | number | null): number | null {
  return exp === null ? null : Number(exp);
}

function isCreateRace(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === '42P07';
}

/**
 * One PostgreSQL table. Each operation is a single statement (atomic on its own under READ COMMITTED),
 * run as a named prepared statement so that the pool's connections parse each one once.
 */
export class PostgresTable implements KvTable {
  readonly #name: string;
  readonly #context: PostgresContext;
  readonly #sql: Record<string, { name: string; text: string }>;
  #ready: Promise<void> | undefined;
  #created = false;

  constructor(name: string, context: PostgresContext) {
    this.#name = name;
    this.#context = context;
    const t = quoteIdentifier(name);
    const live = '(exp IS NULL OR exp > $2)';
    const upsert = `INSERT INTO ${t} AS cur (k, v, exp) VALUES ($1, $3, $4) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, exp = EXCLUDED.exp`;
    const expired = '(cur.exp IS NOT NULL AND cur.exp <= $2)';
    const texts: Record<string, string> = {
      get: `SELECT v FROM ${t} WHERE k = $1 AND ${live}`,
      put: `INSERT INTO ${t} AS cur (k, v, exp) VALUES ($1, $2, $3) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, exp = EXCLUDED.exp`,
      putIfAbsent: `${upsert} WHERE ${expired}`,
      putIfEquals: `UPDATE ${t} SET v = $3, exp = $4 WHERE k = $1 AND v = $5 AND ${live}`,
      delete: `DELETE FROM ${t} WHERE k = $1`,
      deleteIfLive: `DELETE FROM ${t} WHERE k = $1 AND ${live}`,
      deleteIfEquals: `DELETE FROM ${t} WHERE k = $1 AND v = $3 AND ${live}`,
      take: `DELETE FROM ${t} WHERE k = $1 RETURNING v, exp`,
      // The CASEs keep the cast away from expired items, which restart from zero whatever they hold.
      increment: `INSERT INTO ${t} AS cur (k, v, exp) VALUES ($1, $3::bigint::text, $4)
        ON CONFLICT (k) DO UPDATE SET
          v = CASE WHEN ${expired} THEN EXCLUDED.v ELSE (cur.v::bigint + $3::bigint)::text END,
          exp = CASE WHEN ${expired} THEN EXCLUDED.exp ELSE cur.exp END
        WHERE CASE WHEN ${expired} THEN true ELSE abs(cur.v::bigint + $3::bigint) <= ${MAX_SAFE} END
        RETURNING v`,
      putMany: `INSERT INTO ${t} AS cur (k, v, exp) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
        ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, exp = EXCLUDED.exp`,
      purge: `DELETE FROM ${t} WHERE exp <= $1 AND k IN (
        SELECT k FROM ${t} WHERE exp <= $1 ORDER BY exp LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    };
    for (const first of [true, false]) {
      for (const bounded of [true, false]) {
        for (const includeExpired of [true, false]) {
          const where = [first ? 'k >= $1' : 'k > $1'];
          if (bounded) where.push('k < $2');
          if (!includeExpired) where.push(`(exp IS NULL OR exp > $${bounded ? 3 : 2})`);
          texts[`scan:${first}:${bounded}:${includeExpired}`] =
            `SELECT k, v, exp FROM ${t} WHERE ${where.join(' AND ')} ORDER BY k LIMIT ${SCAN_PAGE_SIZE}`;
        }
      }
    }
    this.#sql = Object.fromEntries(
      Object.entries(texts).map(([id, text]) => [id, { name: statementName(text), text }]),
    );
  }

  async #create(): Promise<void> {
    const t = quoteIdentifier(this.#name);
    const client = await this.#context.pool().connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [SCHEMA_LOCK_KEY]);
      const encoding = await client.query<{ e: string }>("SELECT current_setting('server_encoding') AS e");
      if (encoding.rows[0]?.e !== 'UTF8') {
        throw engineUnavailable(this.#context.label, 'the database encoding must be UTF8');
      }
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${t} (k text COLLATE "C" PRIMARY KEY, v text NOT NULL, exp bigint)`,
      );
      await client.query(
        `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(expiryIndexName(this.#name))} ON ${t} (exp) WHERE exp IS NOT NULL`,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      if (!isCreateRace(error)) throw error;
    } finally {
      client.release(broken);
    }
  }

  async #query<R extends QueryResultRow>(
    id: string,
    values: unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    try {
      if (!this.#created) {
        this.#ready ??= this.#create().then(
          () => {
            this.#created = true;
          },
          (error: unknown) => {
            this.#ready = undefined;
            throw error;
          },
        );
        await this.#ready;
      }
      const result = await this.#context
        .pool()
        .query<R>({ ...(this.#sql[id] as { name: string; text: string }), values });
      this.#context.outages.succeeded();
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw this.#context.outages.failed(translatePostgresError(error, this.#context.label));
    }
  }

  async get(key: string): Promise<string | null> {
    const { rows } = await this.#query<{ v: string }>('get', [key, this.#context.now()]);
    return rows[0]?.v ?? null;
  }

  async put(key: string, value: string, expiresAt: number | null, condition?: WriteCondition) {
    if (!condition) {
      await this.#query('put', [key, value, expiresAt]);
      return true;
    }
    const now = this.#context.now();
    if (condition.kind === 'absent') {
      return (await this.#query('putIfAbsent', [key, now, value, expiresAt])).rowCount > 0;
    }
    return (await this.#query('putIfEquals', [key, now, value, expiresAt, condition.value])).rowCount > 0;
  }

  async delete(key: string, condition?: DeleteCondition) {
    if (!condition) {
      await this.#query('delete', [key]);
      return true;
    }
    const now = this.#context.now();
    if (condition.kind === 'exists') return (await this.#query('deleteIfLive', [key, now])).rowCount > 0;
    return (await this.#query('deleteIfEquals', [key, now, condition.value])).rowCount > 0;
  }

  async increment(key: string, by: number, expiresAtIfNew: number | null) {
    let rows: { v: string }[];
    try {
      ({ rows } = await this.#query<{ v: string }>('increment', [
        key,
        this.#context.now(),
        by,
        expiresAtIfNew,
      ]));
    } catch (error) {
      const code = codeOf((error as Error).cause);
      if (code === '22P02') throw notACounter();
      if (code === '22003') throw counterOverflow();
      throw error;
    }
    const row = rows[0];
    if (!row) throw counterOverflow();
    return Number(row.v);
  }

  async take(key: string) {
    const { rows } = await this.#query<{ v: string; exp: string | null }>('take', [key]);
    const row = rows[0];
    if (!row) return null;
    const exp = toMillis(row.exp);
    return exp !== null && exp <= this.#context.now() ? null : row.v;
  }

  scan(request: ScanRequest): AsyncIterable<KvRow> {
    return pagedScan(request, async ({ from, first, to, includeExpired }) => {
      const values: unknown[] = [from];
      if (to !== null) values.push(to);
      if (!includeExpired) values.push(this.#context.now());
      const { rows } = await this.#query<ScanRow>(`scan:${first}:${to !== null}:${includeExpired}`, values);
      return rows.map((row) => ({ key: row.k, value: row.v, expiresAt: toMillis(row.exp) }));
    });
  }

  async purgeExpired(limit: number) {
    return (await this.#query('purge', [this.#context.now(), limit])).rowCount;
  }

  /** Upserts `rows` with their expiries in one statement (bulk loads: restore, migrate, import). */
  async writeRows(rows: readonly KvRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#query('putMany', [
      rows.map((row) => row.key),
      rows.map((row) => row.value),
      rows.map((row) => row.expiresAt),
    ]);
  }
}
