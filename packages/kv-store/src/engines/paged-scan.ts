import type { KvRow, ScanRequest } from '../engine.js';
import { compareUtf8, prefixUpperBound } from '../key-range.js';

/** Most rows one scan page of the SQL engines reads. */
export const SCAN_PAGE_SIZE = 100;

/** Which rows one page of a scan reads, in ascending key order, at most {@link SCAN_PAGE_SIZE}. */
export interface ScanPage {
  /** Keys from here on: inclusive when `first`, exclusive otherwise. */
  from: string;
  /** `from` is the scan's own inclusive lower bound (not a key already yielded or a start key). */
  first: boolean;
  /** Keys below this one (exclusive), or `null` for no upper bound. */
  to: string | null;
  includeExpired: boolean;
}

/**
 * Runs a scan as a series of bounded pages, each starting after the last key of the one before, so
 * other operations can run between pages. Stops after a page shorter than {@link SCAN_PAGE_SIZE}.
 */
export async function* pagedScan(
  request: ScanRequest,
  readPage: (page: ScanPage) => KvRow[] | Promise<KvRow[]>,
): AsyncIterable<KvRow> {
  const to = request.prefix ? prefixUpperBound(request.prefix) : null;
  const includeExpired = request.includeExpired === true;
  const prefix = request.prefix ?? '';
  const after = request.startAfter ?? '';
  // A start key below the prefix range changes nothing; one inside or above it becomes the exclusive
  // lower bound of the first page (above the range, that page is simply empty).
  const resume = after !== '' && compareUtf8(after, prefix) >= 0;
  let from = resume ? after : prefix;
  let first = !resume;
  for (;;) {
    const rows = await readPage({ from, first, to, includeExpired });
    yield* rows;
    const last = rows.at(-1);
    if (rows.length < SCAN_PAGE_SIZE || !last) return;
    from = last.key;
    first = false;
  }
}
