import type { KvRow } from '@blockyard/kv-store';
import { compareUtf8, type KvSnapshot } from '@blockyard/kv-store/engine';
import { CliError, CliErrors } from '../cli/errors.js';
import type { DataEngine } from './data-engine.js';
import { Progress, type ProgressStream } from './progress.js';
import { CHECKPOINT_TABLE, isLiveAt, type Page, TableDigest, type TableSummary } from './rows.js';

/** Where a copy stands: every table before `table` is done, and in `table` every key up to `after`. */
export interface Position {
  table: string;
  after: string;
}

/** What a copy reads from: an engine snapshot, a backup file, or converted reference data. */
export interface TransferSource {
  /** Stable for the same source: a checkpoint with the same id is resumed, any other one is not. */
  readonly id: string;
  /**
   * Reads the source's pages: tables in UTF-8 byte order, each table's keys ascending, skipping what
   * `resume` says is done. `consume` gets the table names and the pages.
   */
  read<R>(
    resume: Position | undefined,
    consume: (tables: string[], pages: AsyncIterable<Page>) => Promise<R>,
  ): Promise<R>;
}

/** Options of {@link transfer}. */
export interface TransferOptions {
  /** `migrate`, `restore` or `import`, for messages. */
  verb: string;
  /** Write into a target that already holds data (source items replace items with the same key). */
  merge: boolean;
  /** Where progress goes (standard error). */
  progress: ProgressStream;
  /** Prints one line of the report (standard output). */
  print(line: string): void;
  /** Most rows written per batch (default 1000). */
  batchSize?: number;
}

/** How one table compared after the copy. */
export interface VerifiedTable {
  table: string;
  source: TableSummary;
  target: TableSummary;
  /** Source items missing from the target, or present with another value or expiry. */
  differing: number;
  /** Live target items the source does not have (allowed with `merge`). */
  extra: number;
  ok: boolean;
}

/** The outcome of a successful {@link transfer}. */
export interface TransferResult {
  items: number;
  itemsPerSecond: number;
  resumed: boolean;
  tables: VerifiedTable[];
}

interface Checkpoint {
  job: string;
  table: string | null;
  after: string;
}

function parseCheckpoint(text: string | null): Checkpoint | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Checkpoint>;
    if (typeof value.job !== 'string' || typeof value.after !== 'string') return undefined;
    return {
      job: value.job,
      table: typeof value.table === 'string' ? value.table : null,
      after: value.after,
    };
  } catch {
    return undefined;
  }
}

/** Pages of `tables` read from a snapshot, from `resume` on (tables sorted, keys ascending). */
export async function* snapshotPages(
  snapshot: KvSnapshot,
  tables: readonly string[],
  resume: Position | undefined,
): AsyncIterable<Page> {
  for (const table of tables) {
    if (table === CHECKPOINT_TABLE) continue;
    if (resume && compareUtf8(table, resume.table) < 0) continue;
    const startAfter = resume && table === resume.table ? resume.after : '';
    let rows: KvRow[] = [];
    for await (const row of snapshot.scan(table, { includeExpired: true, startAfter })) {
      rows.push(row);
      if (rows.length >= 500) {
        yield { table, rows };
        rows = [];
      }
    }
    if (rows.length > 0) yield { table, rows };
  }
}

/** A source reading one engine through its snapshot view. */
export function engineSource(engine: DataEngine, id: string): TransferSource {
  return {
    id,
    read: (resume, consume) =>
      engine.readSnapshot(async (snapshot) => {
        const tables = (await snapshot.tables()).filter((table) => table !== CHECKPOINT_TABLE);
        return consume(tables, snapshotPages(snapshot, tables, resume));
      }),
  };
}

async function refuseOrResume(target: DataEngine, source: TransferSource, options: TransferOptions) {
  const checkpoints = target.table(CHECKPOINT_TABLE);
  const checkpoint = parseCheckpoint(await checkpoints.get('job'));
  if (checkpoint?.job === source.id) {
    options.print(
      `Resuming an interrupted ${options.verb}${checkpoint.table ? ` at table ${checkpoint.table}` : ''}.`,
    );
    return checkpoint.table === null ? undefined : { table: checkpoint.table, after: checkpoint.after };
  }
  if (!options.merge) {
    const tables = (await target.listTables()).filter((table) => table !== CHECKPOINT_TABLE);
    if (tables.length > 0 || checkpoint) {
      throw new CliError(
        CliErrors.TargetNotEmpty,
        `The target engine (${target.description}) already holds data (${tables.length} tables${checkpoint ? ', and the checkpoint of another interrupted run' : ''}). ` +
          'Nothing was written. Pass --merge to copy into it anyway (items with the same key are replaced).',
      );
    }
  }
  return undefined;
}

/**
 * Copies everything `source` holds into `target` in batches, recording after each batch in the
 * target's checkpoint table how far it got, so that running the same command again after an
 * interruption resumes there (writes are idempotent upserts, so a batch cut short is simply written
 * again). Items already expired are not copied. A target that holds data is refused unless `merge`.
 * At the end every table is compared item by item (counts and a content digest per table, printed)
 * and the checkpoint is removed; a difference throws `VerificationFailedException`.
 */
export async function transfer(
  source: TransferSource,
  target: DataEngine,
  options: TransferOptions,
): Promise<TransferResult> {
  const resume = await refuseOrResume(target, source, options);
  const checkpoints = target.table(CHECKPOINT_TABLE);
  const save = (table: string | null, after: string) =>
    checkpoints.put('job', JSON.stringify({ job: source.id, table, after } satisfies Checkpoint), null);
  if (!resume) await save(null, '');

  const batchSize = options.batchSize ?? 1000;
  const progress = new Progress(options.progress, options.verb);
  await source.read(resume, async (tables, pages) => {
    let current: string | undefined;
    let batch: KvRow[] = [];
    let lastKey = '';
    const flush = async () => {
      if (current === undefined) return;
      if (batch.length > 0) await target.writeRows(current, batch);
      await save(current, lastKey);
      progress.advance(batch.length);
      batch = [];
    };
    for await (const page of pages) {
      if (page.table !== current) {
        await flush();
        current = page.table;
        progress.table(current, Math.max(tables.indexOf(current), 0), tables.length);
      }
      const now = target.now();
      for (const row of page.rows) if (isLiveAt(row, now)) batch.push(row);
      lastKey = page.rows.at(-1)?.key ?? lastKey;
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  });
  progress.done();
  const itemsPerSecond = progress.rate();

  const verified = await verify(source, target, options.merge);
  printReport(verified, options);
  const failed = verified.filter((table) => !table.ok);
  if (failed.length > 0) {
    await checkpoints.delete('job');
    throw new CliError(
      CliErrors.VerificationFailed,
      `Verification failed for ${failed.map((table) => table.table).join(', ')}: the target differs from the source ` +
        '(did the source change during the copy? Stop the servers writing to it, then run the command again with --merge).',
    );
  }
  await checkpoints.delete('job');
  return {
    items: progress.items,
    itemsPerSecond,
    resumed: resume !== undefined,
    tables: verified,
  };
}

function printReport(tables: VerifiedTable[], options: TransferOptions): void {
  options.print('Verification (live items; digest = SHA-256 of key, value and expiry, in key order):');
  for (const t of tables) {
    const note = t.ok ? 'ok' : `DIFFERS (${t.differing} missing or changed, ${t.extra} extra)`;
    const extra = t.ok && t.extra > 0 ? ` (+${t.extra} items only in the target)` : '';
    options.print(
      `  ${t.table}: source ${t.source.count} items ${t.source.digest.slice(0, 16)}, target ${t.target.count} items ${t.target.digest.slice(0, 16)}  ${note}${extra}`,
    );
  }
}

/**
 * Compares every table of the source with the target, item by item in key order (both are sorted
 * the same way in every engine), at one cutoff time: items expired by then are left out on both sides.
 */
async function verify(source: TransferSource, target: DataEngine, merge: boolean): Promise<VerifiedTable[]> {
  const cutoff = target.now();
  const results = new Map<string, VerifiedTable>();
  await source.read(undefined, async (tables, pages) => {
    let open: TableCompare | undefined;
    for await (const page of pages) {
      if (open?.table !== page.table) {
        if (open) results.set(open.table, await open.finish(merge));
        open = new TableCompare(page.table, target, cutoff);
      }
      for (const row of page.rows) if (isLiveAt(row, cutoff)) await open.source(row);
    }
    if (open) results.set(open.table, await open.finish(merge));
    for (const table of tables) {
      if (!results.has(table))
        results.set(table, await new TableCompare(table, target, cutoff).finish(merge));
    }
  });
  for (const table of await target.listTables()) {
    if (table === CHECKPOINT_TABLE || results.has(table)) continue;
    results.set(table, await new TableCompare(table, target, cutoff).finish(merge));
  }
  return [...results.values()].sort((a, b) => compareUtf8(a.table, b.table));
}

/** Merges one table's source rows with the target's scan of it. */
class TableCompare {
  readonly table: string;
  readonly #cutoff: number;
  readonly #targetRows: AsyncIterator<KvRow>;
  readonly #sourceDigest = new TableDigest();
  readonly #targetDigest = new TableDigest();
  #pending: KvRow | undefined;
  #started = false;
  #differing = 0;
  #extra = 0;

  constructor(table: string, target: DataEngine, cutoff: number) {
    this.table = table;
    this.#cutoff = cutoff;
    this.#targetRows = target.table(table).scan({ includeExpired: true })[Symbol.asyncIterator]();
  }

  async #nextTarget(): Promise<KvRow | undefined> {
    for (;;) {
      const next = await this.#targetRows.next();
      if (next.done) return undefined;
      if (isLiveAt(next.value, this.#cutoff)) {
        this.#targetDigest.add(next.value);
        return next.value;
      }
    }
  }

  async source(row: KvRow): Promise<void> {
    this.#sourceDigest.add(row);
    if (!this.#started) {
      this.#started = true;
      this.#pending = await this.#nextTarget();
    }
    while (this.#pending && compareUtf8(this.#pending.key, row.key) < 0) {
      this.#extra++;
      this.#pending = await this.#nextTarget();
    }
    const match = this.#pending;
    if (match && match.key === row.key) {
      if (match.value !== row.value || match.expiresAt !== row.expiresAt) this.#differing++;
      this.#pending = await this.#nextTarget();
    } else {
      this.#differing++;
    }
  }

  async finish(merge: boolean): Promise<VerifiedTable> {
    if (!this.#started) {
      this.#started = true;
      this.#pending = await this.#nextTarget();
    }
    while (this.#pending) {
      this.#extra++;
      this.#pending = await this.#nextTarget();
    }
    return {
      table: this.table,
      source: this.#sourceDigest.summary(),
      target: this.#targetDigest.summary(),
      differing: this.#differing,
      extra: this.#extra,
      ok: this.#differing === 0 && (merge || this.#extra === 0),
    };
  }
}
