import { join } from 'node:path';
import { localDataDir } from '@blockyard/core/block';

/** The mailbox file of the block `fullId`: `<data dir>/<fullId>/emails.json`. */
export function mailboxFile(fullId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(localDataDir({ env }), fullId, 'emails.json');
}
