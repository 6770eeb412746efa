import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BackendBundle } from './bundle-backend.js';

const FORMAT = 1;
/** Files esbuild reads besides the sources: they change how the sources compile. */
const CONFIG_FILES = ['tsconfig.json', 'jsconfig.json', 'package.json'];

interface CacheFile {
  format: number;
  tools: string;
  fingerprint: string;
  inputs: string[];
  code: string;
}

let toolsVersion: string | undefined;

function tools(): string {
  if (toolsVersion === undefined) {
    const require = createRequire(import.meta.url);
    const own = require('../../package.json') as { version: string };
    const esbuild = require('esbuild/package.json') as { version: string };
    toolsVersion = `cli ${own.version}; esbuild ${esbuild.version}; node ${process.versions.node}`;
  }
  return toolsVersion;
}

async function readOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A digest of everything a compiled backend depends on: the sources' paths and contents, the file
 * names in their folders (a new file may change what an import resolves to), and every
 * tsconfig/jsconfig/package.json from those folders up to the root. `undefined` when a source is
 * gone.
 */
export async function fingerprint(inputs: readonly string[]): Promise<string | undefined> {
  const hash = createHash('sha256').update(tools());
  const sources = [...inputs].sort();
  const contents = await Promise.all(sources.map(readOrUndefined));
  for (const [i, source] of sources.entries()) {
    const content = contents[i];
    if (content === undefined) return undefined;
    hash.update(`\0source\0${source}\0${content}`);
  }
  const folders = [...new Set(sources.map((source) => dirname(source)))].sort();
  const listings = await Promise.all(folders.map((folder) => readdir(folder).catch(() => [] as string[])));
  for (const [i, folder] of folders.entries())
    hash.update(`\0folder\0${folder}\0${listings[i]!.sort().join('/')}`);
  const configDirs = new Set<string>();
  for (const folder of folders) {
    for (let dir = folder; !configDirs.has(dir); dir = dirname(dir)) configDirs.add(dir);
  }
  const configs = [...configDirs].sort().flatMap((dir) => CONFIG_FILES.map((name) => join(dir, name)));
  const configContents = await Promise.all(configs.map(readOrUndefined));
  for (const [i, config] of configs.entries()) {
    if (configContents[i] !== undefined) hash.update(`\0config\0${config}\0${configContents[i]}`);
  }
  return hash.digest('hex');
}

/**
 * The bundle saved in `cacheFile` if it was compiled from `entryFile` and nothing it was compiled from
 * has changed since. The entry check matters for a copied app: its cache still names the original's
 * files, which are unchanged, so without it the copy would serve the original's backend.
 */
export async function readCachedBundle(
  cacheFile: string,
  entryFile: string,
): Promise<BackendBundle | undefined> {
  const text = await readOrUndefined(cacheFile);
  if (text === undefined) return undefined;
  let cached: CacheFile;
  try {
    cached = JSON.parse(text) as CacheFile;
  } catch {
    return undefined;
  }
  if (cached.format !== FORMAT || cached.tools !== tools() || !Array.isArray(cached.inputs)) return undefined;
  // esbuild names files by their real path, which differs from `entryFile` under a symbolic link.
  const realEntry = await realpath(entryFile).catch(() => entryFile);
  if (!cached.inputs.includes(entryFile) && !cached.inputs.includes(realEntry)) return undefined;
  if ((await fingerprint(cached.inputs)) !== cached.fingerprint) return undefined;
  return { code: cached.code, inputs: cached.inputs };
}

/** Saves `bundle` for the next start; a failure to save only costs that start a compilation. */
export async function writeCachedBundle(cacheFile: string, bundle: BackendBundle): Promise<void> {
  try {
    const print = await fingerprint(bundle.inputs);
    if (print === undefined) return;
    const cached: CacheFile = { format: FORMAT, tools: tools(), fingerprint: print, ...bundle };
    await writeFile(cacheFile, JSON.stringify(cached));
  } catch {
    // An unwritable cache is not an error: the backend was compiled and is served.
  }
}
