import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { BuildFailure, BuildResult } from 'esbuild';
import { importMetaPlugin } from './import-meta-plugin.js';
import { compileError } from './load-error.js';

type Esbuild = typeof import('esbuild');

let esbuildModule: Esbuild | undefined;

// Loaded through require: importing esbuild's CommonJS entry through the ESM loader costs ~70 ms and
// ~9 MB of resident memory more, which the start-up and memory budgets feel.
function esbuild(): Esbuild {
  esbuildModule ??= createRequire(import.meta.url)('esbuild') as Esbuild;
  return esbuildModule;
}

/** A backend compiled into one ES module. */
export interface BackendBundle {
  /** The module's code, with an inline source map pointing at the original files. */
  code: string;
  /** Absolute paths of the app's own source files the bundle contains. */
  inputs: string[];
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}

/**
 * Compiles `entryFile` and every file it imports by relative path into one ES module meant to be
 * written to `outFile`. Packages (bare imports) stay external, so they load once per process and
 * resolve exactly as they would from the app folder. Throws a `BackendLoadFailedException` naming
 * the entry and each error's location when the code does not compile.
 */
export async function bundleBackend(
  entryFile: string,
  appDir: string,
  outFile: string,
): Promise<BackendBundle> {
  const { build } = esbuild();
  let result: BuildResult<{ write: false; metafile: true }>;
  try {
    result = await build({
      entryPoints: [entryFile],
      absWorkingDir: appDir,
      outfile: outFile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      keepNames: true,
      sourcemap: 'inline',
      sourcesContent: false,
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [importMetaPlugin],
    });
  } catch (error) {
    if (isBuildFailure(error)) throw compileError(entryFile, appDir, error.errors);
    throw error;
  } finally {
    // esbuild's helper process would otherwise stay resident between builds; starting it again
    // for a reload costs a few milliseconds.
    await stopBundler();
  }
  const output = result.outputFiles.find((file) => file.path.endsWith('.mjs')) ?? result.outputFiles[0];
  if (!output) throw compileError(entryFile, appDir, []);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes(':'))
    .map((input) => resolve(appDir, input));
  return { code: output.text, inputs };
}

/** Stops esbuild's helper process, which otherwise stays alive (and resident) after a build. */
export async function stopBundler(): Promise<void> {
  if (esbuildModule) await esbuildModule.stop();
}
