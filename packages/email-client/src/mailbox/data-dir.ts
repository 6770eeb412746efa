import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The folder of local block data: `BLOCKS_DATA_DIR` (relative paths against the app folder), else
 * `<app>/.bb-data`, where the app folder is `BLOCKS_APP_DIR` (set by the `blockyard` command) or the
 * working directory. The same rule as the embedded SQLite engine's, so all local data sits together.
 */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = appFolder(env);
  const dataDir = env.BLOCKS_DATA_DIR;
  if (dataDir) return isAbsolute(dataDir) ? dataDir : resolve(base, dataDir);
  return join(base, '.bb-data');
}

function appFolder(env: NodeJS.ProcessEnv): string {
  return env.BLOCKS_APP_DIR ? resolve(env.BLOCKS_APP_DIR) : process.cwd();
}

/**
 * A local data file as logs and the dev inbox show it (D-09: no filesystem path is revealed): relative
 * to the app folder (`.bb-data/app/email/emails.json`), or, for a data folder elsewhere, relative to
 * `$BLOCKS_DATA_DIR`.
 */
export function shownDataPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  const inApp = relative(appFolder(env), file);
  if (inApp !== '' && !inApp.startsWith(`..${sep}`) && inApp !== '..' && !isAbsolute(inApp)) return inApp;
  return join('$BLOCKS_DATA_DIR', relative(localDataDir(env), file));
}

/** The mailbox file of the block `fullId`: `<data dir>/<fullId>/emails.json`. */
export function mailboxFile(fullId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(localDataDir(env), fullId, 'emails.json');
}
