import Database from 'better-sqlite3';
import type { EngineOptions, KvEngine, KvRow } from '../../engine.js';
import type { KvEngineData, KvSnapshot } from '../../engine-data.js';
import { TableEngine } from '../table-engine.js';
import { preparePrivateFile } from './private-files.js';
import { ReadCache } from './read-cache.js';
import { listSqliteTables, readSqliteSnapshot } from './sqlite-data.js';
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
  /** The file's folder holds only this data: tighten it to 0700 too (D-09). */
  ownFolder?: boolean;
  /** Where a permission tightening is reported; defaults to standard error. */
  log?: (line: string) => void;
}

/**
 * The embedded engine: one SQLite file in WAL mode, one connection per process shared by every table.
 * better-sqlite3 is synchronous, so each operation runs to completion before another starts in this
 * process; transactions and single statements make them atomic towards other processes.
 */
export class SqliteEngine extends TableEngine<SqliteTable> implements KvEngine, KvEngineData {
  readonly kind = 'sqlite' as const;
  readonly description: string;
  readonly snapshotIsolation: boolean;
  readonly #path: string;
  readonly #db: Database.Database;
  readonly #cache: ReadCache;

  /** Opens (creating if needed) the database file at `path`. */
  constructor(path: string, options: SqliteEngineOptions = {}) {
    super(options, { subject: 'The SQLite database', reason: 'the engine is closed' });
    this.description = `sqlite:${path}`;
    this.#path = path;
    this.snapshotIsolation = path !== ':memory:';
    try {
      if (path !== ':memory:') preparePrivateFile(path, { ownFolder: options.ownFolder, log: options.log });
      this.#db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
    } catch (error) {
      throw translateSqliteError(error);
    }
    try {
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      const dataVersion = this.#db.prepare<[], number>('PRAGMA data_version').pluck();
      this.#cache = new ReadCache({ dataVersion: () => dataVersion.get() as number });
    } catch (error) {
      this.#db.close();
      throw translateSqliteError(error);
    }
    this.startPurge();
  }

  protected override createTable(name: string): SqliteTable {
    return new SqliteTable(name, {
      db: () => {
        this.assertOpen();
        return this.#db;
      },
      now: () => this.now(),
      cache: this.#cache,
    });
  }

  /** The KVStore tables of the file that hold items (see {@link KvEngineData.listTables}). */
  async listTables(): Promise<string[]> {
    this.assertOpen();
    try {
      return listSqliteTables(this.#db);
    } catch (error) {
      throw translateSqliteError(error);
    }
  }

  /** Reads through one read transaction on a connection of its own (a consistent snapshot). */
  readSnapshot<R>(read: (snapshot: KvSnapshot) => Promise<R>): Promise<R> {
    this.assertOpen();
    return readSqliteSnapshot(
      this.#path,
      () => this.#db,
      () => this.now(),
      read,
    );
  }

  /** Upserts `rows` into `table` in one transaction. */
  async writeRows(table: string, rows: readonly KvRow[]): Promise<void> {
    await (this.table(table) as SqliteTable).writeRows(rows);
  }

  protected override async release(): Promise<void> {
    this.#db.close();
  }
}
