import { ApiError } from '@blockyard/core';
import { engineFailed, engineUnavailable } from '../../errors.js';

const WHAT = 'The SQLite database';

// Conditions that can clear up by themselves (another process holds the lock, the disk was full, the
// file could not be opened yet); the rest point at a broken file or a bug and are not worth retrying.
const TRANSIENT = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PERM|AUTH|PROTOCOL)/;

/** Translates a better-sqlite3 error (or a file-system error while opening) into a KVStore ApiError. */
export function translateSqliteError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const code =
    typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  if (TRANSIENT.test(code)) return engineUnavailable(WHAT, code, error);
  if (/^E[A-Z]+$/.test(code)) return engineUnavailable(WHAT, `cannot open its file (${code})`, error);
  if (error instanceof TypeError && /not open/i.test(error.message)) {
    return engineUnavailable(WHAT, 'the connection is closed', error);
  }
  return engineFailed(WHAT, code || 'unexpected error', error);
}
