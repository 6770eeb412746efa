import { startBackgroundPurge } from '../../background-purge.js';
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
import { engineUnavailable, validationFailed } from '../../errors.js';
import { compareUtf8 } from '../../key-range.js';
import { isValidTableName } from '../../table-name.js';

interface Item {
  value: string;
  expiresAt: number | null;
}

interface MemoryContext {
  now(): number;
  assertOpen(): void;
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
    const rows: KvRow[] = [];
    for (const [key, item] of this.#items) {
      if (!key.startsWith(prefix)) continue;
      if (!request.includeExpired && !isLive(item, now)) continue;
      rows.push({ key, value: item.value, expiresAt: item.expiresAt });
    }
    rows.sort((a, b) => compareUtf8(a.key, b.key));
    yield* rows;
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
export class MemoryEngine implements KvEngine {
  readonly kind = 'memory' as const;
  readonly description = 'memory';
  readonly #tables = new Map<string, MemoryTable>();
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #stopPurge: () => void;
  readonly #context: MemoryContext;
  #closed = false;

  constructor(options: EngineOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#batchSize = options.purgeBatchSize ?? 500;
    this.#context = {
      now: () => this.now(),
      assertOpen: () => {
        if (this.#closed) throw engineUnavailable('The memory engine', 'it is closed');
      },
    };
    this.#stopPurge = startBackgroundPurge(() => this.purgeExpired(), {
      intervalMs: options.purgeIntervalMs ?? 60_000,
      batchSize: this.#batchSize,
    });
  }

  now(): number {
    return Math.floor(this.#now());
  }

  table(name: string): KvTable {
    this.#context.assertOpen();
    let table = this.#tables.get(name);
    if (!table) {
      if (!isValidTableName(name)) throw validationFailed('invalid table name');
      table = new MemoryTable(this.#context);
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
    this.#closed = true;
    this.#stopPurge();
    this.#tables.clear();
  }
}
