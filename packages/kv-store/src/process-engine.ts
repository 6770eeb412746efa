import { join, resolve } from 'node:path';
import { localDataDir, processSlot } from '@blockyard/core/block';
import type { KvEngine } from './engine.js';
import { openEngine } from './open-engine.js';

/** Options of {@link configureEngine}. */
export interface ConfigureEngineOptions {
  /** The app's folder: home of the default `.bb-data/blocks.db` and base of relative SQLite paths. */
  appDir?: string;
  /** Engine URL; overrides `BLOCKS_DATABASE_URL`. */
  url?: string;
}

interface ProcessEngineState {
  appDir?: string | undefined;
  url?: string | undefined;
  engine?: KvEngine | undefined;
  engineUrl?: string | undefined;
  opening?: Promise<KvEngine> | undefined;
}

// A process slot, not a module variable: an app that installs this package under an npm alias
// (`@aws-blocks/bb-kv-store`) next to `@blockyard/kv-store` can load two copies of it, and both must
// share one connection. (Sandbox reloads do not need this: packages stay external to the backend
// bundle and load once.)
const state = (): ProcessEngineState => processSlot<ProcessEngineState>('blockyard:kv-engine', () => ({}));

/**
 * The engine URL this process uses: `configureEngine({ url })`, else `BLOCKS_DATABASE_URL`, else
 * `sqlite:<data dir>/blocks.db` where the data dir is `BLOCKS_DATA_DIR` or `<appDir>/.bb-data`.
 */
export function resolveEngineUrl(): string {
  return resolveEngine().url;
}

// `dataDir`: the URL names the file in the data folder, a folder that holds only Blockyard's data.
function resolveEngine(): { url: string; dataDir: boolean } {
  const { appDir, url } = state();
  if (url) return { url, dataDir: false };
  const fromEnv = process.env.BLOCKS_DATABASE_URL;
  if (fromEnv) return { url: fromEnv, dataDir: false };
  return { url: `sqlite:${join(localDataDir({ appDir }), 'blocks.db')}`, dataDir: true };
}

/**
 * Sets where the process-wide engine lives (the CLI calls this before loading the backend). Nothing is
 * opened here; if an engine is already open on another URL it is closed and the next use opens the
 * new one.
 */
export function configureEngine(options: ConfigureEngineOptions = {}): void {
  const s = state();
  s.appDir = options.appDir === undefined ? undefined : resolve(options.appDir);
  s.url = options.url;
  if ((s.engine || s.opening) && s.engineUrl !== resolveEngineUrl()) void closeEngine().catch(() => {});
}

/** The process-wide engine if it is open right now (no I/O); used on hot paths. */
export function currentEngine(): KvEngine | undefined {
  return state().engine;
}

/**
 * The process-wide engine, opened on first use. A failed open is not remembered: the next call tries
 * again (a database that was down, or a fixed URL, just works).
 */
export function getEngine(): Promise<KvEngine> {
  const s = state();
  if (s.engine) return Promise.resolve(s.engine);
  if (!s.opening) {
    const { url, dataDir } = resolveEngine();
    const opening = openEngine(url, { baseDir: s.appDir, ownFolder: dataDir });
    s.opening = opening;
    s.engineUrl = url;
    opening.then(
      (engine) => {
        if (s.opening === opening) {
          s.engine = engine;
          s.opening = undefined;
        }
      },
      () => {
        if (s.opening === opening) {
          s.opening = undefined;
          s.engineUrl = undefined;
        }
      },
    );
  }
  return s.opening;
}

/** Closes the process-wide engine (on shutdown). Stores opened later reopen it lazily. */
export async function closeEngine(): Promise<void> {
  const s = state();
  const { engine, opening } = s;
  s.engine = undefined;
  s.opening = undefined;
  s.engineUrl = undefined;
  if (engine) await engine.close();
  if (opening) await opening.then((late) => late.close()).catch(() => {});
}
