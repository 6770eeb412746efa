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
  /**
   * How long an operation waits for another process's lock before failing with EngineUnavailable
   * (default 5000). The wait is asynchronous: the event loop keeps serving other requests meanwhile.
   */
  busyTimeoutMs?: number;
  /** The file's folder holds only this data: tighten it to 0700 too (D-09). */
  ownFolder?: boolean;
}

/**
 * How long one attempt may block the event loop waiting for a lock (SQLite's own busy timeout, which
 * sleeps synchronously). Past it the attempt fails with SQLITE_BUSY and is retried asynchronously.
 */
const BUSY_SLICE_MS = 5;

/** Bytes the WAL file keeps after a checkpoint (it may grow past this between checkpoints). */
const WAL_SIZE_LIMIT = 16 * 1024 * 1024;

/** Most free pages one purge round returns to the file system (4 MiB with 4 KiB pages). */
const VACUUM_PAGES_PER_PURGE = 1024;

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
  readonly #lockWaitMs: number;

  /** Opens (creating if needed) the database file at `path`. */
  constructor(path: string, options: SqliteEngineOptions = {}) {
    super(options, { subject: 'The SQLite database', reason: 'the engine is closed' });
    this.description = `sqlite:${path}`;
    this.#path = path;
    this.snapshotIsolation = path !== ':memory:';
    this.#lockWaitMs = options.busyTimeoutMs ?? 5000;
    try {
      if (path !== ':memory:') preparePrivateFile(path, { ownFolder: options.ownFolder, log: options.log });
      this.#db = new Database(path, { timeout: BUSY_SLICE_MS });
    } catch (error) {
      throw translateSqliteError(error);
    }
    try {
      // Only a new, empty file takes this (an older file keeps its mode until a VACUUM): freed pages
      // are then given back to the file system by the purge (see purgeExpired), not only reused.
      this.#db.pragma('auto_vacuum = INCREMENTAL');
      this.#db.pragma('journal_mode = WAL');
      // A checkpoint leaves the WAL file at its largest size unless told otherwise: cap what stays.
      this.#db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
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
      lockWaitMs: this.#lockWaitMs,
      outages: this.outages,
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

  /**
   * Deletes one bounded batch of expired items per table, then gives back up to
   * {@link VACUUM_PAGES_PER_PURGE} free pages, so the file shrinks after a wave of expiry instead of
   * staying at its largest size. A busy database leaves it for the next round.
   */
  override async purgeExpired(): Promise<number> {
    const deleted = await super.purgeExpired();
    if (deleted > 0) {
      try {
        this.#db.pragma(`incremental_vacuum(${VACUUM_PAGES_PER_PURGE})`);
      } catch {
        // Locked by another process or closed meanwhile: the next purge tries again.
      }
    }
    return deleted;
  }

  protected override async release(): Promise<void> {
    this.#db.close();
  }
}
