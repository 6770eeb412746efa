import pg from 'pg';
import type { EngineOptions, KvEngine, KvRow } from '../../engine.js';
import type { KvEngineData, KvSnapshot } from '../../engine-data.js';
import { TableEngine } from '../table-engine.js';
import { listPostgresTables, readPostgresSnapshot } from './postgres-data.js';
import { translatePostgresError } from './postgres-errors.js';
import { PostgresTable } from './postgres-table.js';
import { describePostgresUrl } from './postgres-url.js';

/**
 * The scale-out engine: one `pg` pool per process, shared by every table. Many processes on many
 * machines may share the database; every guarantee of the engine contract holds across them.
 *
 * Expiry uses the application clock (`now`), not the server's: each statement compares stored expiry
 * times with the time the calling process passes in, so instances need reasonably synchronised clocks.
 */
export class PostgresEngine extends TableEngine<PostgresTable> implements KvEngine, KvEngineData {
  readonly kind = 'postgres' as const;
  readonly snapshotIsolation = true;
  readonly description: string;
  // Private fields stay out of util.inspect, so logging the engine never prints the pool's password.
  readonly #pool: pg.Pool;
  readonly #label: string;

  /** Creates the pool; no connection is made until the first operation, and a failed one is not kept. */
  constructor(url: string, options: EngineOptions = {}) {
    const location = describePostgresUrl(url);
    super(options, { subject: location.label, reason: 'the engine is closed' });
    this.description = location.description;
    this.#label = location.label;
    this.#pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      allowExitOnIdle: true,
    });
    // An idle connection that the server drops emits 'error' on the pool; without a listener that
    // would crash the process. The next query simply opens a new connection.
    this.#pool.on('error', () => {});
    this.startPurge();
  }

  protected override createTable(name: string): PostgresTable {
    return new PostgresTable(name, {
      pool: () => {
        this.assertOpen();
        return this.#pool;
      },
      now: () => this.now(),
      label: this.#label,
      outages: this.outages,
    });
  }

  /** The KVStore tables of the schema that hold items (see {@link KvEngineData.listTables}). */
  async listTables(): Promise<string[]> {
    this.assertOpen();
    try {
      return await listPostgresTables(this.#pool);
    } catch (error) {
      throw translatePostgresError(error, this.#label);
    }
  }

  /** Reads through one REPEATABLE READ transaction (a consistent snapshot). */
  readSnapshot<R>(read: (snapshot: KvSnapshot) => Promise<R>): Promise<R> {
    this.assertOpen();
    return readPostgresSnapshot(this.#pool, this.#label, () => this.now(), read);
  }

  /** Upserts `rows` into `table` in one statement. */
  async writeRows(table: string, rows: readonly KvRow[]): Promise<void> {
    await (this.table(table) as PostgresTable).writeRows(rows);
  }

  protected override async release(): Promise<void> {
    await this.#pool.end();
  }
}
