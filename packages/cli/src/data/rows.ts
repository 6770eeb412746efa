import { createHash, type Hash } from 'node:crypto';
import type { KvRow } from '@blockyard/kv-store';
import { SETTINGS_TABLE } from '@blockyard/kv-store/engine';

/**
 * The table where backup restore, migrate and import keep their checkpoint in the target engine, so
 * an interrupted run resumes where it stopped. It is never copied, backed up or counted.
 */
export const CHECKPOINT_TABLE = 'bb_transfer';

/** A batch of rows of one table, keys ascending. */
export interface Page {
  table: string;
  rows: KvRow[];
}

/**
 * Tables whose values are secrets: the settings table (AppSetting does not record which settings
 * are secret, so all of them are treated as secrets), AuthBasic's signing keys, and the code outbox
 * (it holds codes waiting for delivery).
 */
export function isSecretTable(table: string): boolean {
  return table === SETTINGS_TABLE || /-signing-keys$/.test(table) || /-outbox$/.test(table);
}

/** Whether `row` is still live at `now` (epoch milliseconds). */
export function isLiveAt(row: KvRow, now: number): boolean {
  return row.expiresAt === null || row.expiresAt > now;
}

/** Item count and content digest of one table. */
export interface TableSummary {
  count: number;
  /** SHA-256 (hex) over the table's rows in key order: key, value and expiry of each. */
  digest: string;
}

/**
 * Accumulates a {@link TableSummary} over rows fed in ascending key order. The digest is the same for
 * the same content in every engine and in a backup file, so two copies can be compared.
 */
export class TableDigest {
  #hash: Hash = createHash('sha256');
  #count = 0;

  add(row: KvRow): void {
    this.#hash.update(`${JSON.stringify([row.key, row.value, row.expiresAt])}\n`);
    this.#count++;
  }

  summary(): TableSummary {
    return { count: this.#count, digest: this.#hash.copy().digest('hex') };
  }
}

/** Summaries of every table of a stream of pages (pages of one table come together). */
export async function summarize(
  pages: AsyncIterable<Page>,
  liveAt?: number,
): Promise<Map<string, TableSummary>> {
  const digests = new Map<string, TableDigest>();
  for await (const page of pages) {
    let digest = digests.get(page.table);
    if (!digest) {
      digest = new TableDigest();
      digests.set(page.table, digest);
    }
    for (const row of page.rows) if (liveAt === undefined || isLiveAt(row, liveAt)) digest.add(row);
  }
  return new Map([...digests].map(([table, digest]) => [table, digest.summary()]));
}
