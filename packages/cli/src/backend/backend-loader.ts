import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectRoutes, type RouteTable } from '@blockyard/core/internal';
import { isCliError } from '../cli/errors.js';
import { assertBackendFolder, BACKEND_ENTRY } from './app-folder.js';
import { type BackendBundle, bundleBackend } from './bundle-backend.js';
import { readCachedBundle, writeCachedBundle } from './bundle-cache.js';
import { nothingCallableWarning } from './callable.js';
import { displayPath, evaluationError } from './load-error.js';

export { BACKEND_ENTRY };

/** A freshly evaluated backend. */
export interface LoadedBackend {
  /** The entry module's exports. */
  exports: Record<string, unknown>;
  /** The raw routes its blocks registered while it was evaluated. */
  routes: RouteTable;
  /** Absolute paths of the app's source files it was built from. */
  files: string[];
}

/** A compiled backend, not evaluated yet. */
export interface CompiledBackend {
  readonly bundle: BackendBundle;
  readonly generation: number;
}

/** Loads an app's backend; every {@link BackendLoader.load} evaluates the app's files anew. */
export interface BackendLoader {
  /** Absolute path of `aws-blocks/index.ts`. */
  readonly entryFile: string;
  /**
   * Compiles the backend without running it (esbuild works in its own process, so this overlaps
   * with whatever the caller loads meanwhile); throws a `BackendLoadFailedException` on errors.
   */
  compile(): Promise<CompiledBackend>;
  /** Evaluates a compiled backend; throws a `BackendLoadFailedException` when it throws. */
  evaluate(compiled: CompiledBackend): Promise<LoadedBackend>;
  /** {@link compile} then {@link evaluate}. */
  load(): Promise<LoadedBackend>;
}

/** Options of {@link createBackendLoader}. */
export interface BackendLoaderOptions {
  /** Where warnings about a loaded backend go (one line each); defaults to standard error. */
  warn?: (line: string) => void;
}

/**
 * A loader for the backend of the app in `appDir`. Each load bundles the app's own files (not its
 * packages) into `<buildDir>/backend-<pid>-<n>.mjs` and imports that, so every file of the app is
 * evaluated again while packages, and the process-wide state they keep, are loaded once. The bundle
 * file is removed once imported. The last bundle is kept in `<buildDir>/backend-cache.json` with a
 * fingerprint of its sources, so a start whose sources did not change skips compiling. A backend with
 * nothing callable gets one warning, at the start or when a reload takes the last callable export away.
 */
export function createBackendLoader(
  appDir: string,
  buildDir: string,
  options: BackendLoaderOptions = {},
): BackendLoader {
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  // The command line checked the folder already, showing the user's own spelling of it; this is for
  // every other caller.
  assertBackendFolder(appDir, displayPath(appDir));
  const entryFile = join(appDir, BACKEND_ENTRY);
  let generations = 0;
  let warnedNothingCallable = false;
  let sourceMapsEnabled = false;
  const bundleFileOf = (generation: number) => join(buildDir, `backend-${process.pid}-${generation}.mjs`);
  const cacheFile = join(buildDir, 'backend-cache.json');
  const loader: BackendLoader = {
    entryFile,
    async compile() {
      generations += 1;
      const generation = generations;
      // Only a start reads the cache: a reload happens because a source changed.
      const cached = generation === 1 ? await readCachedBundle(cacheFile, entryFile) : undefined;
      if (cached) return { generation, bundle: cached };
      const bundle = await bundleBackend(entryFile, appDir, bundleFileOf(generation));
      await mkdir(buildDir, { recursive: true });
      await writeCachedBundle(cacheFile, bundle);
      return { generation, bundle };
    },
    async evaluate({ bundle, generation }) {
      const bundleFile = bundleFileOf(generation);
      if (!sourceMapsEnabled) {
        // Stack traces of backend errors then name the app's source files and lines, not the bundle.
        process.setSourceMapsEnabled(true);
        sourceMapsEnabled = true;
      }
      await mkdir(buildDir, { recursive: true });
      await writeFile(bundleFile, bundle.code);
      try {
        const { result, routes } = await collectRoutes(
          () => import(pathToFileURL(bundleFile).href) as Promise<Record<string, unknown>>,
        );
        const warning = nothingCallableWarning(displayPath(entryFile), result, routes);
        if (warning && !warnedNothingCallable) warn(warning);
        warnedNothingCallable = warning !== undefined;
        return { exports: result, routes, files: bundle.inputs };
      } catch (error) {
        if (isCliError(error)) throw error;
        throw evaluationError(entryFile, bundleFile, appDir, error);
      } finally {
        await rm(bundleFile, { force: true });
      }
    },
    async load() {
      return loader.evaluate(await loader.compile());
    },
  };
  return loader;
}
