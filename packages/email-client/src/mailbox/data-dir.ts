import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { localDataDir } from '@blockyard/core/block';

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
  return join('$BLOCKS_DATA_DIR', relative(localDataDir({ env }), file));
}

/** The mailbox file of the block `fullId`: `<data dir>/<fullId>/emails.json`. */
export function mailboxFile(fullId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(localDataDir({ env }), fullId, 'emails.json');
}
