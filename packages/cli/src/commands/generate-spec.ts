import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPath } from '../backend/load-error.js';
import { CliError, CliErrors } from '../cli/errors.js';
import type { OutputStreams } from '../cli/types.js';
import type { GenerateSpecFlags } from './generate-args.js';

/** What a spec generation wrote. */
export interface WrittenSpec {
  file: string;
  warnings: string[];
}

/**
 * Generates `<backend>`'s blocks.spec.json into `out` (tab-indented JSON, R-1201). Conformance
 * problems come back as warnings; the file is written anyway. Throws a CliError for a missing backend.
 */
export async function writeSpec(
  backendPath: string,
  out: string,
  projectRoot?: string,
): Promise<WrittenSpec> {
  const codegen = await import('@blockyard/codegen');
  let generated: import('@blockyard/codegen').GeneratedSpec;
  try {
    generated = codegen.generateSpec({ backendPath, ...(projectRoot === undefined ? {} : { projectRoot }) });
  } catch (error) {
    if (error instanceof codegen.SpecInputError) {
      throw new CliError(CliErrors.BackendNotFound, error.message, { cause: error });
    }
    throw error;
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, codegen.serializeSpec(generated.spec));
  return { file: out, warnings: generated.warnings };
}

/** The app's backend entry: `<app>/aws-blocks/index.ts`. */
export function backendEntry(appDir: string): string {
  return join(appDir, 'aws-blocks', 'index.ts');
}

/** `blockyard generate spec`: writes the spec and prints where, plus any warnings; resolves with 0. */
export async function runGenerateSpec(flags: GenerateSpecFlags, streams: OutputStreams): Promise<number> {
  const written = await writeSpec(backendEntry(flags.appDir), flags.out, flags.appDir);
  for (const warning of written.warnings) streams.stderr.write(`Warning: ${warning}\n`);
  streams.stdout.write(`Wrote ${displayPath(written.file)}\n`);
  return 0;
}

const BIN = fileURLToPath(new URL('../../bin/blocks-generate-spec.js', import.meta.url));
const running = new Map<string, { again: boolean }>();

/**
 * The sandbox's regeneration after each (re)load. The TypeScript checker runs in a child process so
 * that it neither delays readiness nor blocks requests nor adds to the server's memory; runs for one
 * app never overlap (a request during a run schedules one more). A failure is printed, never fatal,
 * and the previous spec stays. `BLOCKS_CODEGEN=off` turns it off.
 */
export function regenerateSpecInBackground(appDir: string, streams: OutputStreams, env = process.env): void {
  if (env.BLOCKS_CODEGEN === 'off') return;
  const current = running.get(appDir);
  if (current) {
    current.again = true;
    return;
  }
  const state = { again: false };
  running.set(appDir, state);
  const child = spawn(
    process.execPath,
    [BIN, backendEntry(appDir), join(appDir, 'aws-blocks', 'blocks.spec.json')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  // Spec generation is background work: it yields the CPU to the server and ends with it.
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, 10);
    } catch {
      // Not permitted here: it then runs at normal priority.
    }
  }
  const stop = () => child.kill();
  process.once('exit', stop);
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  let finished = false;
  const done = (problem?: string) => {
    if (finished) return;
    finished = true;
    process.off('exit', stop);
    running.delete(appDir);
    if (problem) streams.stderr.write(`blocks.spec.json: ${problem}\n`);
    if (state.again) regenerateSpecInBackground(appDir, streams, env);
  };
  child.once('error', (error) => done(error.message));
  child.once('exit', (code) =>
    done(code === 0 ? errors.trim() || undefined : `not written (${errors.trim() || `exit ${code}`})`),
  );
  // The server's own shutdown never waits for a spec.
  child.unref();
}
