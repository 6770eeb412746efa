import { mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Options of {@link localDataDir}. */
export interface LocalDataDirOptions {
  /** The app's folder; default `BLOCKS_APP_DIR` (set by the `blockyard` command), else the working directory. */
  appDir?: string | undefined;
  /** The environment to read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The app's local data folder, decided here for every block and engine: `BLOCKS_DATA_DIR` (a relative
 * path is taken against the app's folder), else `<app>/.bb-data` (D-30). Nothing is created.
 */
export function localDataDir(options: LocalDataDirOptions = {}): string {
  const env = options.env ?? process.env;
  const appDir = options.appDir ?? env.BLOCKS_APP_DIR;
  const base = appDir ? resolve(appDir) : process.cwd();
  const dataDir = env.BLOCKS_DATA_DIR;
  if (dataDir) return isAbsolute(dataDir) ? dataDir : resolve(base, dataDir);
  return join(base, '.bb-data');
}

/** Options of {@link getMockDataDir}. */
export interface MockDataDirOptions {
  /** The data folder itself rather than the block's own folder inside it. */
  root?: boolean;
}

/**
 * The folder where a block keeps its local files, created when missing (private, D-09):
 * `<data dir>/<fullId>`, or with `{ root: true }` the data folder itself (R-809), where the block
 * must then keep clear of other blocks' files. The data folder is {@link localDataDir}.
 */
export function getMockDataDir(scope: { readonly fullId: string }, options: MockDataDirOptions = {}): string {
  const dir = options.root ? localDataDir() : join(localDataDir(), scope.fullId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
