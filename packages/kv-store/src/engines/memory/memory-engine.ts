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
import { compareUtf8 } from '../../key-range.js';
import { TableEngine } from '../table-engine.js';

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
export class MemoryEngine extends TableEngine<MemoryTable> implements KvEngine {
  readonly kind = 'memory' as const;
  readonly description = 'memory';
  readonly #context: MemoryContext;

  constructor(options: EngineOptions = {}) {
    super(options, { subject: 'The memory engine', reason: 'it is closed' });
    this.#context = { now: () => this.now(), assertOpen: () => this.assertOpen() };
    this.startPurge();
  }

  protected override createTable(): MemoryTable {
    return new MemoryTable(this.#context);
  }

  protected override async release(): Promise<void> {
    this.forgetTables();
  }
}
