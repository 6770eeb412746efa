/**
 * The contract every KVStore engine implements. Blocks hand engines validated keys and already
 * serialised values (JSON text); engines store them and enforce the guarantees below. Times are Unix
 * epoch milliseconds read from the engine's own clock ({@link KvEngine.now}); an item whose
 * `expiresAt` is at or before that clock is expired.
 */

/** Which storage an engine uses. */
export type EngineKind = 'memory' | 'sqlite' | 'postgres' | 'dynamodb';

/** One stored item, as engines hand it back. */
export interface KvRow {
  key: string;
  /** The serialised value (JSON text). */
  value: string;
  /** Expiry in epoch milliseconds, or `null` for an item that never expires. */
  expiresAt: number | null;
}

/** Condition of a conditional write. */
export type WriteCondition =
  /** Write only when no live item exists (an expired item counts as absent and is replaced). */
  | { kind: 'absent' }
  /** Write only when a live item exists whose serialised value is exactly `value`. */
  | { kind: 'equals'; value: string };

/** Condition of a conditional delete. */
export type DeleteCondition =
  /** Delete only when a live item exists. */
  | { kind: 'exists' }
  /** Delete only when a live item exists whose serialised value is exactly `value`. */
  | { kind: 'equals'; value: string };

/** Options of {@link KvTable.scan}. */
export interface ScanRequest {
  /** Only keys that start with this string. */
  prefix?: string;
  /**
   * Only keys strictly greater than this one (UTF-8 byte order): the last key a caller saw, so a
   * paged listing resumes where it stopped without reading from the start. Combines with `prefix`
   * (keys must satisfy both). The empty string means no lower bound.
   */
  startAfter?: string;
  /** Also yield expired items that are not purged yet. */
  includeExpired?: boolean;
}

/**
 * One named table of an engine. Every method MUST treat an expired item exactly like a missing one
 * (except `scan` with `includeExpired`), and MUST be atomic with respect to concurrent calls on the same
 * key from this process and from every other process sharing the storage.
 */
export interface KvTable {
  /** Returns the live value of `key`, or `null`. */
  get(key: string): Promise<string | null>;

  /**
   * Stores `value` under `key` with the given expiry, replacing any item. With a `condition`, the check
   * and the write MUST happen as one atomic step. Returns `false` (writing nothing) when the condition
   * does not hold; under N concurrent `absent` writes of one key exactly one returns `true`.
   */
  put(key: string, value: string, expiresAt: number | null, condition?: WriteCondition): Promise<boolean>;

  /**
   * Deletes `key`. Without a condition, succeeds whether or not the item exists and returns `true`.
   * With one, returns `false` (deleting nothing) when it does not hold.
   */
  delete(key: string, condition?: DeleteCondition): Promise<boolean>;

  /**
   * Atomically adds the integer `by` to the integer counter stored at `key` and returns the new value.
   * A missing or expired counter MUST start from 0 and get `expiresAtIfNew`; an existing live counter
   * MUST keep its expiry. Under N concurrent calls no increment is lost. A live item that is not an
   * integer MUST be left unchanged and reported as a `ValidationFailedException`.
   */
  increment(key: string, by: number, expiresAtIfNew: number | null): Promise<number>;

  /**
   * Atomically reads and deletes `key`, returning the live value or `null`. Under concurrent calls
   * (from any process) exactly one caller gets the value.
   */
  take(key: string): Promise<string | null>;

  /**
   * Yields items in ascending key order (UTF-8 byte order). Engines MUST read in bounded pages so that
   * other operations can run while a caller iterates; items written during a scan may or may not appear.
   */
  scan(request: ScanRequest): AsyncIterable<KvRow>;

  /** Deletes at most `limit` expired items and returns how many it deleted. */
  purgeExpired(limit: number): Promise<number>;
}

/**
 * A storage engine: a connection (or pool) shared by every store of a process. Failures MUST be
 * translated at the engine edge into `ApiError`s named from `KVStoreErrors`, with the native error as
 * `cause` and no credentials in any message.
 */
export interface KvEngine {
  readonly kind: EngineKind;
  /** Human-readable location, safe to log: never contains a password. */
  readonly description: string;
  /** The engine's clock (epoch milliseconds); expiry decisions use it. */
  now(): number;
  /**
   * The table called `name`, created on first use. Creation MUST be idempotent and safe when several
   * processes create the same table at once. Repeated calls return the same handle.
   */
  table(name: string): KvTable;
  /** Deletes one bounded batch of expired items from every table this engine has opened. */
  purgeExpired(): Promise<number>;
  /** Stops background work and releases the connection; later calls fail with EngineUnavailable. */
  close(): Promise<void>;
}

/** Options every engine accepts. */
export interface EngineOptions {
  /** Clock in epoch milliseconds; defaults to `Date.now`. Tests inject one to move time. */
  now?: () => number;
  /** How often expired items are purged in the background; `0` turns it off. Default 60 000. */
  purgeIntervalMs?: number;
  /** Most expired items deleted per table and purge round. Default 500. */
  purgeBatchSize?: number;
  /** PostgreSQL only: the pool size. Default 10. */
  poolSize?: number;
  /** PostgreSQL only: how long to wait for a connection before reporting the server unavailable. */
  connectTimeoutMs?: number;
  /**
   * Where the engine writes its operational lines (an outage starting and ending; SQLite's permission
   * tightening); defaults to standard error. Lines never name a host, port, database or file.
   */
  log?: (line: string) => void;
}
