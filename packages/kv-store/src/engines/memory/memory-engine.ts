import { addToCounter, parseCounter } from '../../counter.js';
import type {
  DeleteCondition,
  EngineOptions,
  KvEngine,
  KvRow,
  KvTable,
  ScanRequest,
  WriteCondition,
} from '../../engine.js';
import { type KvEngineData, type KvSnapshot, sortTableNames } from '../../engine-data.js';
import { compareUtf8 } from '../../key-range.js';
import { pagedScan, SCAN_PAGE_SIZE } from '../paged-scan.js';
import { TableEngine } from '../table-engine.js';

interface Item {
  value: string;
  expiresAt: number | null;
}

interface MemoryContext {
  now(): number;
  assertOpen(): void;
}

/** Index of the first row whose key is at or after (`inclusive`) or after `from`; `rows` are sorted. */
function firstIndex(rows: readonly KvRow[], from: string, inclusive: boolean): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareUtf8((rows[middle] as KvRow).key, from);
    if (order < 0 || (order === 0 && !inclusive)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function isLive(item: Item | undefined, now: number): item is Item {
  return item !== undefined && (item.expiresAt === null || item.expiresAt > now);
}

// Every method runs to completion synchronously before its promise settles, so each one is atomic
// with respect to every other caller in the process; that is the memory engine's whole concurrency story.
class MemoryTable implements KvTable {
  readonly #items = new Map<string, Item>();
  readonly #context: MemoryContext;

  constructor(context: MemoryContext) {
    this.#context = context;
  }

  #live(key: string): Item | undefined {
    this.#context.assertOpen();
    const item = this.#items.get(key);
    return isLive(item, this.#context.now()) ? item : undefined;
  }

  async get(key: string): Promise<string | null> {
    return this.#live(key)?.value ?? null;
  }

  async put(key: string, value: string, expiresAt: number | null, condition?: WriteCondition) {
    const current = this.#live(key);
    if (condition?.kind === 'absent' && current) return false;
    if (condition?.kind === 'equals' && current?.value !== condition.value) return false;
    this.#items.set(key, { value, expiresAt });
    return true;
  }

  async delete(key: string, condition?: DeleteCondition) {
    const current = this.#live(key);
    if (condition?.kind === 'exists' && !current) return false;
    if (condition?.kind === 'equals' && current?.value !== condition.value) return false;
    this.#items.delete(key);
    return true;
  }

  async increment(key: string, by: number, expiresAtIfNew: number | null) {
    const current = this.#live(key);
    const next = addToCounter(current ? parseCounter(current.value) : 0, by);
    this.#items.set(key, { value: String(next), expiresAt: current ? current.expiresAt : expiresAtIfNew });
    return next;
  }

  async take(key: string) {
    const current = this.#live(key);
    this.#items.delete(key);
    return current?.value ?? null;
  }

  async *scan(request: ScanRequest): AsyncIterable<KvRow> {
    this.#context.assertOpen();
    const now = this.#context.now();
    const prefix = request.prefix ?? '';
    const after = request.startAfter ?? '';
    const rows: KvRow[] = [];
    for (const [key, item] of this.#items) {
      if (!key.startsWith(prefix)) continue;
      if (after !== '' && compareUtf8(key, after) <= 0) continue;
      if (!request.includeExpired && !isLive(item, now)) continue;
      rows.push({ key, value: item.value, expiresAt: item.expiresAt });
    }
    rows.sort((a, b) => compareUtf8(a.key, b.key));
    yield* rows;
  }

  /** Every item, expired ones included, in key order: a copy that later writes do not change. */
  copyRows(): KvRow[] {
    this.#context.assertOpen();
    const rows = [...this.#items].map(([key, item]) => ({
      key,
      value: item.value,
      expiresAt: item.expiresAt,
    }));
    return rows.sort((a, b) => compareUtf8(a.key, b.key));
  }

  /** Upserts `rows` with their expiries. */
  writeRows(rows: readonly KvRow[]): void {
    this.#context.assertOpen();
    for (const row of rows) this.#items.set(row.key, { value: row.value, expiresAt: row.expiresAt });
  }

  async purgeExpired(limit: number) {
    this.#context.assertOpen();
    const now = this.#context.now();
    let deleted = 0;
    for (const [key, item] of this.#items) {
      if (deleted >= limit) break;
      if (!isLive(item, now)) {
        this.#items.delete(key);
        deleted++;
      }
    }
    return deleted;
  }
}

/** Keeps everything in this process's memory: for tests and throw-away runs; nothing survives a restart. */
export class MemoryEngine extends TableEngine<MemoryTable> implements KvEngine, KvEngineData {
  readonly kind = 'memory' as const;
  readonly description = 'memory';
  readonly snapshotIsolation = true;
  readonly #context: MemoryContext;
  readonly #byName = new Map<string, MemoryTable>();

  constructor(options: EngineOptions = {}) {
    super(options, { subject: 'The memory engine', reason: 'it is closed' });
    this.#context = { now: () => this.now(), assertOpen: () => this.assertOpen() };
    this.startPurge();
  }

  protected override createTable(name: string): MemoryTable {
    const table = new MemoryTable(this.#context);
    this.#byName.set(name, table);
    return table;
  }

  protected override async release(): Promise<void> {
    this.forgetTables();
    this.#byName.clear();
  }

  async listTables(): Promise<string[]> {
    this.assertOpen();
    return sortTableNames(
      [...this.#byName].filter(([, table]) => table.copyRows().length > 0).map(([name]) => name),
    );
  }

  /** A copy of every table, taken when called: later writes do not show in it. */
  async readSnapshot<R>(read: (snapshot: KvSnapshot) => Promise<R>): Promise<R> {
    this.assertOpen();
    const copies = new Map<string, KvRow[]>();
    for (const [name, table] of this.#byName) {
      const rows = table.copyRows();
      if (rows.length > 0) copies.set(name, rows);
    }
    const now = this.now();
    return read({
      tables: async () => sortTableNames(copies.keys()),
      scan: (table, request = {}) =>
        pagedScan(request, ({ from, first, to, includeExpired }) => {
          const rows = copies.get(table) ?? [];
          const page: KvRow[] = [];
          for (let i = firstIndex(rows, from, first); i < rows.length && page.length < SCAN_PAGE_SIZE; i++) {
            const row = rows[i] as KvRow;
            if (to !== null && compareUtf8(row.key, to) >= 0) break;
            if (includeExpired || row.expiresAt === null || row.expiresAt > now) page.push(row);
          }
          return page;
        }),
    });
  }

  async writeRows(table: string, rows: readonly KvRow[]): Promise<void> {
    (this.table(table) as MemoryTable).writeRows(rows);
  }
}
