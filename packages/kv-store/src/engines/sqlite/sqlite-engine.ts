import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { startBackgroundPurge } from '../../background-purge.js';
import type { EngineOptions, KvEngine, KvTable } from '../../engine.js';
import { engineUnavailable, validationFailed } from '../../errors.js';
import { isValidTableName } from '../../table-name.js';
import { translateSqliteError } from './sqlite-errors.js';
import { SqliteTable } from './sqlite-table.js';

/**
 * How SQLite syncs commits (docs/engines.md, "Durability"). `normal` (the default): in WAL mode a commit
 * is in the operating system's hands when it is acknowledged, so it survives the process being killed;
 * only an OS crash or power loss can drop the last commits, and the file stays consistent. `full` also
 * survives power loss, at the price of an fsync per commit, which blocks the event loop because
 * better-sqlite3 is synchronous.
 */
export type SqliteSynchronous = 'full' | 'normal';

/** Options of {@link SqliteEngine}. */
export interface SqliteEngineOptions extends EngineOptions {
  /** `normal` (default) syncs the WAL at checkpoints; `full` fsyncs it at every commit. */
  synchronous?: SqliteSynchronous;
  /** How long a write waits for another process's lock before failing with EngineUnavailable. */
  busyTimeoutMs?: number;
}

/**
 * Creates the folder (0700) and the file (0600) before SQLite opens it, so the data is never readable
 * by other users, not even for a moment. SQLite gives its -wal and -shm files the database file's mode.
 */
function prepareFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
}

/**
 * The embedded engine: one SQLite file in WAL mode, one connection per process shared by every table.
 * better-sqlite3 is synchronous, so each operation runs to completion before another starts in this
 * process; transactions and single statements make them atomic towards other processes.
 */
export class SqliteEngine implements KvEngine {
  readonly kind = 'sqlite' as const;
  readonly description: string;
  readonly #db: Database.Database;
  readonly #tables = new Map<string, SqliteTable>();
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #stopPurge: () => void;
  #closed = false;

  /** Opens (creating if needed) the database file at `path`. */
  constructor(path: string, options: SqliteEngineOptions = {}) {
    this.description = `sqlite:${path}`;
    this.#now = options.now ?? Date.now;
    this.#batchSize = options.purgeBatchSize ?? 500;
    try {
      if (path !== ':memory:') prepareFile(path);
      this.#db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
    } catch (error) {
      throw translateSqliteError(error);
    }
    try {
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    } catch (error) {
      this.#db.close();
      throw translateSqliteError(error);
    }
    this.#stopPurge = startBackgroundPurge(() => this.purgeExpired(), {
      intervalMs: options.purgeIntervalMs ?? 60_000,
      batchSize: this.#batchSize,
    });
  }

  now(): number {
    return Math.floor(this.#now());
  }

  table(name: string): KvTable {
    if (this.#closed) throw engineUnavailable('The SQLite database', 'the engine is closed');
    let table = this.#tables.get(name);
    if (!table) {
      if (!isValidTableName(name)) throw validationFailed('invalid table name');
      table = new SqliteTable(name, {
        db: () => {
          if (this.#closed) throw engineUnavailable('The SQLite database', 'the engine is closed');
          return this.#db;
        },
        now: () => this.now(),
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
    this.#db.close();
  }
}
