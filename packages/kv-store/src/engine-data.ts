/**
 * What whole-engine tools (backup, restore, migrate, import) need beyond the per-table contract of
 * {@link KvTable}: which tables hold data, a consistent read of all of them, and a fast bulk write.
 * Every engine of this repository implements it; an engine from elsewhere may not, which
 * {@link hasEngineData} tells.
 */
import type { KvEngine, KvRow, ScanRequest } from './engine.js';
import { compareUtf8 } from './key-range.js';

/** A read-only view of an engine's tables, as of one moment when the engine can give one. */
export interface KvSnapshot {
  /** Names of the tables that hold at least one item (expired ones included), in UTF-8 byte order. */
  tables(): Promise<string[]>;
  /** Like {@link KvTable.scan}, read from this view; every item carries its expiry. */
  scan(table: string, request?: ScanRequest): AsyncIterable<KvRow>;
}

/** Whole-engine access for backup, restore, migration and import. */
export interface KvEngineData {
  /**
   * Whether {@link readSnapshot} is one consistent point in time (SQLite: one read transaction on its
   * own connection; PostgreSQL: one REPEATABLE READ transaction; memory: a copy). DynamoDB has no
   * multi-item snapshot: its view is a series of strongly consistent reads.
   */
  readonly snapshotIsolation: boolean;
  /**
   * Names of every table of the storage that holds at least one item, whether or not this process
   * opened it, in UTF-8 byte order. Tables that are not KVStore tables (other applications' tables in
   * the same PostgreSQL schema) are left out.
   */
  listTables(): Promise<string[]>;
  /** Runs `read` against one view of the engine; the view is released when `read` settles. */
  readSnapshot<R>(read: (snapshot: KvSnapshot) => Promise<R>): Promise<R>;
  /**
   * Writes `rows` into `table` (created when missing), replacing items with the same keys and keeping
   * each row's expiry as given, expired or not. Rows MUST have distinct keys. Each call is applied in
   * as few round trips as the engine allows; it is idempotent, so a batch cut short can be written again.
   */
  writeRows(table: string, rows: readonly KvRow[]): Promise<void>;
}

/** Whether `engine` offers {@link KvEngineData}. */
export function hasEngineData(engine: KvEngine): engine is KvEngine & KvEngineData {
  const candidate = engine as Partial<KvEngineData>;
  return (
    typeof candidate.listTables === 'function' &&
    typeof candidate.readSnapshot === 'function' &&
    typeof candidate.writeRows === 'function'
  );
}

/** Sorts table names in UTF-8 byte order (the order every engine lists them in). */
export function sortTableNames(names: Iterable<string>): string[] {
  return [...names].sort(compareUtf8);
}
