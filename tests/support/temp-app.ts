/**
 * @module tests/support/temp-app — throw-away apps under `tests/.tmp-apps/`.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { TMP_APPS_DIR } from './paths.js';

/** An app folder with its own data folder (pass `dataDir` as `BLOCKS_DATA_DIR`). */
export interface TempApp {
  /** `tests/.tmp-apps/<prefix>-<random>` (absolute). */
  readonly appDir: string;
  /** A private temp folder for the engine's files. */
  readonly dataDir: string;
  /** Writes `content` to `<appDir>/<relativePath>`, creating folders as needed. */
  write(relativePath: string, content: string): Promise<void>;
  /** Reads `<appDir>/<relativePath>`. */
  read(relativePath: string): Promise<string>;
  /** Deletes the app and its data folder. */
  remove(): Promise<void>;
}

/**
 * Creates an app whose files are `files` (paths relative to the app folder, e.g.
 * `{ 'aws-blocks/index.ts': source }`).
 */
export async function createTempApp(files: Record<string, string>, prefix = 'app'): Promise<TempApp> {
  const appDir = join(TMP_APPS_DIR, `${prefix}-${randomBytes(5).toString('hex')}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'blockyard-data-'));
  const write = async (relativePath: string, content: string) => {
    const file = join(appDir, relativePath);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  };
  for (const [relativePath, content] of Object.entries(files)) await write(relativePath, content);
  return {
    appDir,
    dataDir,
    write,
    read: (relativePath) => readFile(join(appDir, relativePath), 'utf8'),
    async remove() {
      await rm(appDir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Every file under the fixture folder `dir`, keyed by its path relative to it (with `/`), ready for
 * {@link createTempApp}: fixture apps are real files the typecheck sees, not strings in tests.
 */
export function fixtureFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path).split(sep).join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}
