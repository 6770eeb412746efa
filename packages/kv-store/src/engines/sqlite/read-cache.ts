/** Options of {@link ReadCache}. */
export interface ReadCacheOptions {
  /** Runs `PRAGMA data_version` on the connection. */
  dataVersion: () => number;
  /**
   * Most characters held across every table, keys and values, each row also counting
   * {@link ROW_OVERHEAD} for its bookkeeping (default 4 Mi).
   */
  maxChars?: number;
  /** Values longer than this are never held (default 16 Ki characters). */
  maxValueChars?: number;
}

/** A cached row: the stored text and its expiry (epoch ms) or `null`. */
export type CachedRow = readonly [value: string, expiresAt: number | null];

const DEFAULT_MAX_CHARS = 4 * 1024 * 1024;
/** What a held row counts beyond its key and value: the map entry and the row array, roughly. */
export const ROW_OVERHEAD = 64;
const DEFAULT_MAX_VALUE_CHARS = 16 * 1024;

/**
 * Rows one SQLite connection read recently, answered again without reading them while nothing can
 * have changed them. This connection's own writes drop the rows they touch; a commit by any other
 * connection (another process, another engine on the file) drops everything. The second is detected
 * with `PRAGMA data_version`, which changes exactly when another connection committed.
 *
 * A cached answer waits for a `data_version` check that starts after it was asked for, so it is as
 * fresh as a read made at that moment (the answer is linearizable, like a read). One check serves
 * every cached answer asked for before it: it runs once per event-loop turn, after the I/O of the turn
 * (`setImmediate`), so requests that arrive together share it.
 *
 * Why: a read transaction costs two file-lock system calls however small the row, and protected calls
 * read the same session rows over and over; sharing one check between the requests of a turn removes
 * most of that work under load.
 */
export class ReadCache {
  readonly #dataVersion: () => number;
  readonly maxChars: number;
  readonly maxValueChars: number;
  #version: number;
  #generation = 0;
  #pending: Promise<void> | undefined;
  readonly #tables = new Set<TableReadCache>();

  constructor(options: ReadCacheOptions) {
    this.#dataVersion = options.dataVersion;
    this.maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    this.maxValueChars = options.maxValueChars ?? DEFAULT_MAX_VALUE_CHARS;
    // The baseline: rows read from now on are current until a check finds the version moved.
    this.#version = this.#dataVersion();
  }

  /** The generation rows are valid for: it moves on whenever another connection committed. */
  get generation(): number {
    return this.#generation;
  }

  /** Characters held now, across tables (see {@link ReadCacheOptions.maxChars}). */
  get chars(): number {
    let held = 0;
    for (const table of this.#tables) held += table.chars;
    return held;
  }

  /** Adds a table whose rows count against the shared budget. */
  register(table: TableReadCache): void {
    this.#tables.add(table);
  }

  /**
   * Makes room for `cost` more characters by dropping whole tables, the largest first, so that one
   * table filling up (say, with counters of many addresses) does not stop the others from caching.
   * Returns whether there is room.
   */
  makeRoom(cost: number): boolean {
    let held = this.chars;
    while (held + cost > this.maxChars) {
      let largest: TableReadCache | undefined;
      for (const table of this.#tables) if (!largest || table.chars > largest.chars) largest = table;
      if (!largest || largest.chars === 0) return false;
      held -= largest.chars;
      largest.clear();
    }
    return true;
  }

  /** Asks SQLite whether another connection committed since the last check. */
  #check(): void {
    const version = this.#dataVersion();
    if (version !== this.#version) {
      this.#version = version;
      this.#generation++;
    }
  }

  /**
   * Settles after a `data_version` check that started after this call (rejecting if the check
   * failed). Every call made before that check shares it.
   */
  checked(): Promise<void> {
    this.#pending ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.#pending = undefined;
        try {
          this.#check();
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    return this.#pending;
  }
}

/** The rows of one table, under the connection-wide {@link ReadCache}. */
export class TableReadCache {
  readonly #shared: ReadCache;
  readonly #rows = new Map<string, CachedRow>();
  #generation: number;
  #chars = 0;

  constructor(shared: ReadCache) {
    this.#shared = shared;
    this.#generation = shared.generation;
    shared.register(this);
  }

  /** Characters this table holds (keys, values and {@link ROW_OVERHEAD} per row). */
  get chars(): number {
    return this.#chars;
  }

  /** Rows held now. */
  get size(): number {
    return this.#rows.size;
  }

  /** Whether a row of `key` is held that may still be current (worth waiting for a check). */
  holds(key: string): boolean {
    return this.#generation === this.#shared.generation && this.#rows.has(key);
  }

  /**
   * The held row of `key` if the last check found no commit of another connection since it was
   * read, else `undefined` (the caller reads the row and {@link TableReadCache.remember}s it). Call it
   * only after waiting for {@link ReadCache.checked}.
   */
  current(key: string): CachedRow | undefined {
    if (this.#generation !== this.#shared.generation) {
      this.clear();
      return undefined;
    }
    return this.#rows.get(key);
  }

  /**
   * Holds `row`, just read from the database. It is at least as new as the last check: if another
   * connection committed since, the next check moves the generation on and drops it.
   */
  remember(key: string, row: CachedRow): void {
    const shared = this.#shared;
    if (this.#generation !== shared.generation) this.clear();
    this.forget(key);
    if (row[0].length > shared.maxValueChars) return;
    const cost = rowCost(key, row);
    if (!shared.makeRoom(cost)) return;
    this.#rows.set(key, row);
    this.#chars += cost;
  }

  /** Drops the row of `key` (this connection is writing it). */
  forget(key: string): void {
    const row = this.#rows.get(key);
    if (row === undefined) return;
    this.#rows.delete(key);
    const cost = rowCost(key, row);
    this.#chars -= cost;
  }

  /** Drops every row of the table. */
  clear(): void {
    this.#rows.clear();
    this.#chars = 0;
    this.#generation = this.#shared.generation;
  }
}

function rowCost(key: string, row: CachedRow): number {
  return key.length + row[0].length + ROW_OVERHEAD;
}
