import Database from 'better-sqlite3';
import type { KvRow, ScanRequest } from '../../engine.js';
import type { KvSnapshot } from '../../engine-data.js';
import { sortTableNames } from '../../engine-data.js';
import { quoteIdentifier } from '../../table-name.js';
import { pagedScan, SCAN_PAGE_SIZE } from '../paged-scan.js';
import { translateSqliteError } from './sqlite-errors.js';

const KV_COLUMNS = 'exp,k,v';

/**
 * The KVStore tables of a SQLite connection that hold at least one item: tables whose columns are
 * exactly `k`, `v` and `exp`, in UTF-8 byte order.
 */
export function listSqliteTables(db: Database.Database): string[] {
  const names = db
    .prepare<[], string>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )
    .pluck()
    .all();
  const tables: string[] = [];
  for (const name of names) {
    const columns = db
      .prepare<[string], string>('SELECT name FROM pragma_table_info(?) ORDER BY name')
      .pluck()
      .all(name)
      .join(',');
    if (columns !== KV_COLUMNS) continue;
    const any = db.prepare(`SELECT 1 FROM ${quoteIdentifier(name)} LIMIT 1`).get();
    if (any !== undefined) tables.push(name);
  }
  return sortTableNames(tables);
}

/** Scans `table` on `db` in pages (no statement is cached: a view reads each table once). */
function scanOn(
  db: Database.Database,
  table: string,
  request: ScanRequest,
  now: number,
): AsyncIterable<KvRow> {
  const t = quoteIdentifier(table);
  return pagedScan(request, ({ from, first, to, includeExpired }) => {
    try {
      const where = [first ? 'k >= @from' : 'k > @from'];
      const params: Record<string, unknown> = { from };
      if (to !== null) {
        where.push('k < @to');
        params.to = to;
      }
      if (!includeExpired) {
        where.push('(exp IS NULL OR exp > @now)');
        params.now = now;
      }
      const rows = db
        .prepare<Record<string, unknown>, { k: string; v: string; exp: number | null }>(
          `SELECT k, v, exp FROM ${t} WHERE ${where.join(' AND ')} ORDER BY k LIMIT ${SCAN_PAGE_SIZE}`,
        )
        .all(params);
      return rows.map((row) => ({ key: row.k, value: row.v, expiresAt: row.exp }));
    } catch (error) {
      throw translateSqliteError(error);
    }
  });
}

/**
 * Runs `read` inside one read transaction on a connection of its own to the file at `path`: in WAL
 * mode that transaction sees the database as of its first read, while the engine's connection (and
 * other processes) go on writing. A `:memory:` database has no second connection: its view reads the
 * engine's own connection (nothing outside this process can write to it).
 */
export async function readSqliteSnapshot<R>(
  path: string,
  shared: () => Database.Database,
  now: () => number,
  read: (snapshot: KvSnapshot) => Promise<R>,
): Promise<R> {
  if (path === ':memory:') {
    const db = shared();
    return read({
      tables: async () => listSqliteTables(db),
      scan: (table, request = {}) => scanOn(db, table, request, now()),
    });
  }
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma('query_only = ON');
    db.exec('BEGIN');
    // The snapshot starts at the first read of the transaction.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    throw translateSqliteError(error);
  }
  try {
    return await read({
      tables: async () => {
        try {
          return listSqliteTables(db);
        } catch (error) {
          throw translateSqliteError(error);
        }
      },
      scan: (table, request = {}) => scanOn(db, table, request, now()),
    });
  } finally {
    try {
      db.exec('COMMIT');
    } finally {
      db.close();
    }
  }
}
