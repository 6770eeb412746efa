/**
 * @module tests/adopt/support — packing the packages once per test file, running `blockyard create`
 * / `add` and `npm install` in apps outside the repository.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI_BIN, REPO_ROOT } from '../support/index.js';

const run = promisify(execFile);

/** What {@link packPackages} wrote. */
export interface Packed {
  readonly dir: string;
  readonly index: { version: string; packages: Record<string, { file: string; dependencies: string[] }> };
}

/** A fresh folder under the OS temp folder (outside the repository); removed by {@link cleanup}. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `blockyard-${prefix}-`));
  created.push(dir);
  return dir;
}

const created: string[] = [];

/** Removes every folder {@link tempDir} made. */
export async function cleanup(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Runs `node scripts/pack.mjs --no-build --out <temp>` (the tests run after `npm run build`). */
export async function packPackages(): Promise<Packed> {
  const dir = await tempDir('packed');
  await run(process.execPath, [join(REPO_ROOT, 'scripts/pack.mjs'), '--no-build', '--out', dir], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const index = JSON.parse(await readFile(join(dir, 'packages.json'), 'utf8')) as Packed['index'];
  return { dir, index };
}

/** The entry names of a tarball, as `tar -tzf` lists them. */
export async function tarEntries(file: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', file], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').filter((line) => line !== '');
}

/** One file of a tarball, as text. */
export async function tarFile(file: string, entry: string): Promise<string> {
  const { stdout } = await run('tar', ['-xzOf', file, entry], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** How a finished child process ended, with its output. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (killed after `timeoutMs`), never throwing on a non-zero status. */
export function runToEnd(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the built `blockyard` with `args` from `cwd`. */
export function blockyard(args: string[], cwd: string): Promise<Finished> {
  return runToEnd(process.execPath, [CLI_BIN, ...args], { cwd, timeoutMs: 60_000 });
}

/** The names in a folder, or `[]` when it does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}
