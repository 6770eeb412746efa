/** Options of {@link ReadCache}. */
export interface ReadCacheOptions {
  /** Runs `PRAGMA data_version` on the connection. */
  dataVersion: () => number;
  /** Most value characters held across every table (default 4 Mi, about 4 MiB of ASCII). */
  maxChars?: number;
  /** Values longer than this are never held (default 16 Ki characters). */
  maxValueChars?: number;
}

/** A cached row: the stored text and its expiry (epoch ms) or `null`. */
export type CachedRow = readonly [value: string, expiresAt: number | null];

const DEFAULT_MAX_CHARS = 4 * 1024 * 1024;
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
  /** Value characters held now, across tables. */
  chars = 0;

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

  /** Asks SQLite whether another connection committed since the last check. */
  check(): void {
    const version = this.#dataVersion();
    if (version !== this.#version) {
      this.#version = version;
      this.#generation++;
    }
  }

  /**
   * Settles after a {@link ReadCache.check} that started after this call (rejecting if the check
   * failed). Every call made before that check shares it.
   */
  checked(): Promise<void> {
    this.#pending ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.#pending = undefined;
        try {
          this.check();
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
    const chars = row[0].length;
    this.forget(key);
    if (chars > shared.maxValueChars) return;
    if (shared.chars + chars > shared.maxChars) this.clear();
    if (shared.chars + chars > shared.maxChars) return;
    this.#rows.set(key, row);
    this.#chars += chars;
    shared.chars += chars;
  }

  /** Drops the row of `key` (this connection is writing it). */
  forget(key: string): void {
    const row = this.#rows.get(key);
    if (row === undefined) return;
    this.#rows.delete(key);
    this.#chars -= row[0].length;
    this.#shared.chars -= row[0].length;
  }

  /** Drops every row of the table. */
  clear(): void {
    this.#rows.clear();
    this.#shared.chars -= this.#chars;
    this.#chars = 0;
    this.#generation = this.#shared.generation;
  }
}
