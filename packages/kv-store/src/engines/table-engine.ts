import { startBackgroundPurge } from '../background-purge.js';
import type { EngineOptions, KvTable } from '../engine.js';
import { engineUnavailable, validationFailed } from '../errors.js';
import { OutageLog, stderrLine } from '../outage-log.js';
import { isValidTableName } from '../table-name.js';

/** How a closed engine names itself in its EngineUnavailable error. */
export interface ClosedMessage {
  /** Who is unavailable, e.g. `The SQLite database`. */
  subject: string;
  /** Why, e.g. `the engine is closed`. */
  reason: string;
}

/**
 * What every engine shares: the clock, the table handles it has opened, the background purge over
 * them and the closed state. A subclass creates its tables, calls {@link TableEngine.startPurge} once
 * its storage is open, and releases the storage in {@link TableEngine.release}.
 */
export abstract class TableEngine<T extends KvTable> {
  readonly #tables = new Map<string, T>();
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #purgeIntervalMs: number;
  readonly #closedMessage: ClosedMessage;
  #stopPurge: () => void = () => {};
  #closed = false;
  /** Where tables report unavailability and success, so an outage is logged once at each end. */
  protected readonly outages: OutageLog;

  protected constructor(options: EngineOptions, closedMessage: ClosedMessage) {
    this.#now = options.now ?? Date.now;
    const log = options.log ?? stderrLine;
    // A closed engine refuses every call by design: that is no outage.
    this.outages = new OutageLog((line) => {
      if (!this.#closed) log(line);
    });
    this.#batchSize = options.purgeBatchSize ?? 500;
    this.#purgeIntervalMs = options.purgeIntervalMs ?? 60_000;
    this.#closedMessage = closedMessage;
  }

  /** Creates the handle of table `name` (already validated); called once per name. */
  protected abstract createTable(name: string): T;

  /** Releases the storage; called once, by the first {@link TableEngine.close}. */
  protected abstract release(): Promise<void>;

  /** Starts the background purge; a subclass calls it at the end of its constructor. */
  protected startPurge(): void {
    this.#stopPurge = startBackgroundPurge(() => this.purgeExpired(), {
      intervalMs: this.#purgeIntervalMs,
      batchSize: this.#batchSize,
    });
  }

  /** Throws EngineUnavailable once the engine is closed. */
  protected assertOpen(): void {
    if (this.#closed) throw engineUnavailable(this.#closedMessage.subject, this.#closedMessage.reason);
  }

  /** The engine's clock, in whole epoch milliseconds. */
  now(): number {
    return Math.floor(this.#now());
  }

  /** The table called `name`, created on first use; the same handle on every later call. */
  table(name: string): KvTable {
    this.assertOpen();
    let table = this.#tables.get(name);
    if (!table) {
      if (!isValidTableName(name)) throw validationFailed('invalid table name');
      table = this.createTable(name);
      this.#tables.set(name, table);
    }
    return table;
  }

  /** Deletes one bounded batch of expired items from every table opened so far. */
  async purgeExpired(): Promise<number> {
    let deleted = 0;
    for (const table of this.#tables.values()) deleted += await table.purgeExpired(this.#batchSize);
    return deleted;
  }

  /** Stops the background purge and releases the storage; later calls do nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopPurge();
    await this.release();
  }

  /** Forgets every table handle (and so whatever the handles hold). */
  protected forgetTables(): void {
    this.#tables.clear();
  }
}
