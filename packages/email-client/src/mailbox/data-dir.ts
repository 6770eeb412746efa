import { isAbsolute, join, resolve } from 'node:path';

/**
 * The folder of local block data: `BLOCKS_DATA_DIR` (relative paths against the app folder), else
 * `<app>/.bb-data`, where the app folder is `BLOCKS_APP_DIR` (set by the `blockyard` command) or the
 * working directory. The same rule as the embedded SQLite engine's, so all local data sits together.
 */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.BLOCKS_APP_DIR ? resolve(env.BLOCKS_APP_DIR) : process.cwd();
  const dataDir = env.BLOCKS_DATA_DIR;
  if (dataDir) return isAbsolute(dataDir) ? dataDir : resolve(base, dataDir);
  return join(base, '.bb-data');
}

/** The mailbox file of the block `fullId`: `<data dir>/<fullId>/emails.json`. */
export function mailboxFile(fullId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(localDataDir(env), fullId, 'emails.json');
}
