import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;
/** SQLite's companion files: they hold recent commits and must be as private as the database. */
const COMPANIONS = ['-wal', '-shm', '-journal'];

function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8)}`;
}

// Only a path that grants anything to group or others changes; a missing path is left alone.
function tighten(path: string, wanted: number, log: (line: string) => void): void {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return;
  }
  if ((mode & 0o077) === 0) return;
  // A sticky folder is a shared one such as /tmp: never narrow it, whatever a setting points at.
  if (mode & 0o1000) {
    log(`Left the permissions of ${path} (${octal(mode)}) as they are: it is a shared folder.`);
    return;
  }
  chmodSync(path, wanted);
  log(
    `Tightened the permissions of ${path} from ${octal(mode)} to ${octal(wanted)} (local data is private).`,
  );
}

/** Options of {@link preparePrivateFile}. */
export interface PrivateFileOptions {
  /**
   * The folder holds nothing but this engine's data (the default `.bb-data`, or `BLOCKS_DATA_DIR`):
   * also tighten it when it exists with looser permissions. Left out for a file placed in a folder
   * that holds other things.
   */
  ownFolder?: boolean;
  /** Where a tightening is reported; defaults to standard error. */
  log?: (line: string) => void;
}

/**
 * Makes sure the database at `path` is private to its owner before SQLite opens it: a missing folder is
 * created 0700 and a missing file 0600 (never readable by others, not even for a moment); an existing
 * file, its -wal/-shm/-journal companions and (with `ownFolder`) its folder lose any group and other
 * permission, each with one log line. SQLite gives new -wal and -shm files the database file's mode.
 */
export function preparePrivateFile(path: string, options: PrivateFileOptions = {}): void {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: FOLDER_MODE });
  closeSync(openSync(path, 'a', FILE_MODE));
  // Windows has no group/other bits to take away.
  if (process.platform === 'win32') return;
  if (options.ownFolder) tighten(folder, FOLDER_MODE, log);
  tighten(path, FILE_MODE, log);
  for (const suffix of COMPANIONS) tighten(`${path}${suffix}`, FILE_MODE, log);
}
