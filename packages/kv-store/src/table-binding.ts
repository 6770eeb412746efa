import type { KvEngine, KvTable } from './engine.js';
import { currentEngine, getEngine } from './process-engine.js';

/** An engine and the handle of one of its tables. */
export interface BoundTable {
  readonly engine: KvEngine;
  readonly table: KvTable;
}

/**
 * Ties a table name to an engine: the one given, or else the process-wide engine as it is at each call
 * (a closed and reopened process engine gets a fresh handle). KVStore and AppSetting both reach their
 * storage through this.
 */
export class TableBinding {
  readonly #tableName: string;
  readonly #engine: KvEngine | undefined;
  #bound: BoundTable | undefined;

  constructor(tableName: string, engine?: KvEngine) {
    this.#tableName = tableName;
    this.#engine = engine;
  }

  #bind(engine: KvEngine): BoundTable {
    if (this.#bound?.engine !== engine) this.#bound = { engine, table: engine.table(this.#tableName) };
    return this.#bound;
  }

  /**
   * The bound table. Synchronous once the engine is open, so a hot-path `get` costs no extra promise;
   * otherwise a promise that opens the process-wide engine first.
   */
  resolve(): BoundTable | Promise<BoundTable> {
    const engine = this.#engine ?? currentEngine();
    if (engine) return this.#bind(engine);
    return getEngine().then((opened) => this.#bind(opened));
  }
}
