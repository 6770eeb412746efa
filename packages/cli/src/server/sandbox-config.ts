import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The folder, inside the app, holding what the sandbox writes. */
export const SANDBOX_DIR = '.blocks-sandbox';

/** The runtime configuration a frontend reads. */
export interface SandboxConfig {
  apiUrl: string;
  environment: 'sandbox';
}

/** The configuration of a sandbox listening on `port`; the URL names `localhost` whatever the bind address. */
export function sandboxConfig(port: number): SandboxConfig {
  return { apiUrl: `http://localhost:${port}/aws-blocks/api`, environment: 'sandbox' };
}

/** Writes `<appDir>/.blocks-sandbox/config.json` (2-space JSON) and returns its path. */
export async function writeSandboxConfig(appDir: string, port: number): Promise<string> {
  const dir = join(appDir, SANDBOX_DIR);
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify(sandboxConfig(port), null, 2));
  return file;
}

/**
 * Removes `<appDir>/.blocks-sandbox/config.json` when it still names the sandbox on `port` (another
 * sandbox may have written its own since): a stopped sandbox leaves no URL for clients to call, so
 * they fall back to the deployed API of `amplify_outputs.json`.
 */
export async function removeSandboxConfig(appDir: string, port: number): Promise<void> {
  const file = join(appDir, SANDBOX_DIR, 'config.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === JSON.stringify(sandboxConfig(port), null, 2)) await rm(file, { force: true });
}
