import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenRpcDocument, ServerObject } from './openrpc.js';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * `info` of the spec (D-27): the app's `package.json` `name` as the title, its `version` and
 * `description`; `api` / `1.0.0` when the app has no package.json or it names neither.
 */
export function readInfo(projectRoot: string): OpenRpcDocument['info'] {
  const pkg = readJson(join(projectRoot, 'package.json'));
  const { name, version, description } = (typeof pkg === 'object' && pkg !== null ? pkg : {}) as Record<
    string,
    unknown
  >;
  const info: OpenRpcDocument['info'] = {
    title: typeof name === 'string' && name !== '' ? name : 'api',
    version: typeof version === 'string' && version !== '' ? version : '1.0.0',
  };
  if (typeof description === 'string' && description !== '') info.description = description;
  return info;
}

/**
 * `servers` of the spec (D-27): the API URL the app is configured with — `BLOCKS_API_URL` (named
 * `default`) and the deployed URL of an Amplify Gen 2 app (`amplify_outputs.json`'s
 * `custom.blocks_api_url`, named `amplify`) — or none. The sandbox's `.blocks-sandbox/config.json`
 * is never read: its port changes from run to run, and a client must be given its URL anyway.
 */
export function readServers(projectRoot: string, env: NodeJS.ProcessEnv): ServerObject[] | undefined {
  const servers: ServerObject[] = [];
  if (isHttpUrl(env.BLOCKS_API_URL)) servers.push({ name: 'default', url: env.BLOCKS_API_URL });
  const outputs = readJson(join(projectRoot, 'amplify_outputs.json')) as
    | { custom?: { blocks_api_url?: unknown } }
    | undefined;
  const deployed = outputs?.custom?.blocks_api_url;
  if (isHttpUrl(deployed) && !servers.some((s) => s.url === deployed)) {
    servers.push({ name: 'amplify', url: deployed });
  }
  return servers.length > 0 ? servers : undefined;
}
