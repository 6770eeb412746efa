import pg from 'pg';
import { startBackgroundPurge } from '../../background-purge.js';
import type { EngineOptions, KvEngine, KvTable } from '../../engine.js';
import { engineUnavailable, validationFailed } from '../../errors.js';
import { isValidTableName } from '../../table-name.js';
import { PostgresTable } from './postgres-table.js';
import { describePostgresUrl } from './postgres-url.js';

/**
 * The scale-out engine: one `pg` pool per process, shared by every table. Many processes on many
 * machines may share the database; every guarantee of the engine contract holds across them.
 *
 * Expiry uses the application clock (`now`), not the server's: each statement compares stored expiry
 * times with the time the calling process passes in, so instances need reasonably synchronised clocks.
 */
export class PostgresEngine implements KvEngine {
  readonly kind = 'postgres' as const;
  readonly description: string;
  // Private fields stay out of util.inspect, so logging the engine never prints the pool's password.
  readonly #pool: pg.Pool;
  readonly #label: string;
  readonly #tables = new Map<string, PostgresTable>();
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #stopPurge: () => void;
  #closed = false;

  /** Creates the pool; no connection is made until the first operation, and a failed one is not kept. */
  constructor(url: string, options: EngineOptions = {}) {
    const location = describePostgresUrl(url);
    this.description = location.description;
    this.#label = location.label;
    this.#now = options.now ?? Date.now;
    this.#batchSize = options.purgeBatchSize ?? 500;
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
    this.#stopPurge = startBackgroundPurge(() => this.purgeExpired(), {
      intervalMs: options.purgeIntervalMs ?? 60_000,
      batchSize: this.#batchSize,
    });
  }

  now(): number {
    return Math.floor(this.#now());
  }

  #assertOpen(): void {
    if (this.#closed) throw engineUnavailable(this.#label, 'the engine is closed');
  }

  table(name: string): KvTable {
    this.#assertOpen();
    let table = this.#tables.get(name);
    if (!table) {
      if (!isValidTableName(name)) throw validationFailed('invalid table name');
      table = new PostgresTable(name, {
        pool: () => {
          this.#assertOpen();
          return this.#pool;
        },
        now: () => this.now(),
        label: this.#label,
      });
      this.#tables.set(name, table);
    }
    return table;
  }

  async purgeExpired(): Promise<number> {
    let deleted = 0;
    for (const table of this.#tables.values()) deleted += await table.purgeExpired(this.#batchSize);
    return deleted;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopPurge();
    await this.#pool.end();
  }
}
