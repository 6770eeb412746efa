import type { Pool, PoolClient } from 'pg';
import type { KvRow, ScanRequest } from '../../engine.js';
import { type KvSnapshot, sortTableNames } from '../../engine-data.js';
import { quoteIdentifier } from '../../table-name.js';
import { pagedScan, SCAN_PAGE_SIZE } from '../paged-scan.js';
import { translatePostgresError } from './postgres-errors.js';

// KVStore tables: exactly the columns k, v and exp, in the schema the connection writes to.
const LIST_TABLES = `SELECT table_name AS name FROM information_schema.columns
  WHERE table_schema = current_schema()
  GROUP BY table_name
  HAVING array_agg(column_name::text ORDER BY column_name::text) = ARRAY['exp', 'k', 'v']`;

type Queryable = Pick<PoolClient, 'query'> | Pick<Pool, 'query'>;

/** The KVStore tables of the connection's schema that hold at least one item, in UTF-8 byte order. */
export async function listPostgresTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(LIST_TABLES);
  const tables: string[] = [];
  for (const { name } of rows) {
    const any = await db.query(`SELECT 1 FROM ${quoteIdentifier(name)} LIMIT 1`);
    if ((any.rowCount ?? 0) > 0) tables.push(name);
  }
  return sortTableNames(tables);
}

function scanOn(client: PoolClient, table: string, request: ScanRequest, now: number, label: string) {
  const t = quoteIdentifier(table);
  return pagedScan(request, async ({ from, first, to, includeExpired }): Promise<KvRow[]> => {
    const values: unknown[] = [from];
    const where = [first ? 'k >= $1' : 'k > $1'];
    if (to !== null) where.push(`k < $${values.push(to)}`);
    if (!includeExpired) where.push(`(exp IS NULL OR exp > $${values.push(now)})`);
    try {
      const { rows } = await client.query<{ k: string; v: string; exp: string | null }>(
        `SELECT k, v, exp FROM ${t} WHERE ${where.join(' AND ')} ORDER BY k LIMIT ${SCAN_PAGE_SIZE}`,
        values,
      );
      return rows.map((row) => ({
        key: row.k,
        value: row.v,
        expiresAt: row.exp === null ? null : Number(row.exp),
      }));
    } catch (error) {
      throw translatePostgresError(error, label);
    }
  });
}

/**
 * Runs `read` inside one `REPEATABLE READ READ ONLY` transaction on a connection of the pool: every
 * read sees the database as of the transaction's first statement, while other connections write.
 */
export async function readPostgresSnapshot<R>(
  pool: Pool,
  label: string,
  now: () => number,
  read: (snapshot: KvSnapshot) => Promise<R>,
): Promise<R> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw translatePostgresError(error, label);
  }
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY').catch((error: unknown) => {
      throw translatePostgresError(error, label);
    });
    const result = await read({
      tables: () =>
        listPostgresTables(client).catch((error: unknown) => {
          throw translatePostgresError(error, label);
        }),
      scan: (table, request = {}) => scanOn(client, table, request, now(), label),
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
