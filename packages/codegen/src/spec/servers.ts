import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerObject } from './openrpc.js';

/**
 * `servers` of the spec (R-1202): the sandbox's `<projectRoot>/.blocks-sandbox/config.json` when it
 * exists and names an `apiUrl`, else none.
 */
export function readServers(projectRoot: string): ServerObject[] | undefined {
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(join(projectRoot, '.blocks-sandbox', 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof config !== 'object' || config === null) return undefined;
  const { apiUrl, environment } = config as { apiUrl?: unknown; environment?: unknown };
  if (typeof apiUrl !== 'string' || apiUrl === '') return undefined;
  return [
    { name: typeof environment === 'string' && environment !== '' ? environment : 'default', url: apiUrl },
  ];
}
