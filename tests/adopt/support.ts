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

/**
 * A folder holding better-sqlite3's native binary, built for this machine by the repository's own
 * install, under the name prebuild-install looks for. On a machine that reaches GitHub,
 * prebuild-install downloads that file (and keeps it in the npm cache); here it cannot, and would
 * compile SQLite from source for minutes. Passed as `npm_config_better_sqlite3_local_prebuilds`.
 */
export async function localPrebuilds(): Promise<string | undefined> {
  const pkgDir = join(REPO_ROOT, 'node_modules/better-sqlite3');
  const binary = join(pkgDir, 'build/Release/better_sqlite3.node');
  const exists = await readFile(binary).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  const { version } = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const dir = await tempDir('prebuilds');
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['-czf', join(dir, name), '-C', pkgDir, 'build/Release/better_sqlite3.node']);
  return dir;
}

/**
 * `npm install` in `appDir`: `@blockyard/*` from the app's `vendor/` tarballs, third-party packages
 * from the npm cache (the registry only for what the cache lacks). Throws with npm's output on failure.
 */
export async function npmInstall(appDir: string, prebuilds: string | undefined): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false' };
  if (prebuilds) env.npm_config_better_sqlite3_local_prebuilds = prebuilds;
  const result = await runToEnd('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: appDir,
    env,
    timeoutMs: 600_000,
  });
  if (result.code !== 0)
    throw new Error(`npm install failed in ${appDir}:\n${result.stdout}\n${result.stderr}`);
}

/** What {@link createApp} made. */
export interface CreatedApp {
  readonly appDir: string;
  readonly packed: Packed;
  /** better-sqlite3 prebuilds to install from, when the machine has them. */
  readonly prebuilds: string | undefined;
  /** Seconds that `blockyard create` and `npm install` took together. */
  readonly seconds: number;
}

/**
 * A new user's first steps: packs the packages, runs `blockyard create <temp>/<name> [--template
 * <template>] --packages <pack folder>` (no `--template`: the default one) and `npm install` in the new
 * app. Throws with the output when either fails.
 */
export async function createApp(name: string, template?: 'codes' | 'web'): Promise<CreatedApp> {
  const packed = await packPackages();
  const prebuilds = await localPrebuilds();
  const appDir = join(await tempDir(`app-${template ?? 'basic'}`), name);
  const started = performance.now();
  const chosen = template ? ['--template', template] : [];
  const created = await blockyard(['create', appDir, ...chosen, '--packages', packed.dir], REPO_ROOT);
  if (created.code !== 0) throw new Error(`blockyard create failed:\n${created.stdout}\n${created.stderr}`);
  await npmInstall(appDir, prebuilds);
  return { appDir, packed, prebuilds, seconds: (performance.now() - started) / 1000 };
}

/** An app's `npm run sandbox`, running. */
export interface AppSandbox {
  readonly apiUrl: string;
  output(): string;
  stop(): Promise<void>;
}

const READY = /Blocks API ready at (http:\/\/\S+\/aws-blocks\/api)/;

/**
 * Runs the app's own `npm run sandbox -- --port 0 --no-watch --quiet` (or another `script` that runs
 * `blockyard sandbox`; its installed `blockyard`, not
 * this repository's) in a process group of its own, and resolves once it printed its ready line.
 * Rejects with the output when it exits first.
 */
export function startAppSandbox(appDir: string, timeoutMs = 60_000, script = 'sandbox'): Promise<AppSandbox> {
  const child = spawn('npm', ['run', script, '--', '--port', '0', '--no-watch', '--quiet'], {
    cwd: appDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
    }
    const killer = setTimeout(() => {
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
    }, 15_000);
    await exited;
    clearTimeout(killer);
  };
  process.once('exit', () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop().then(() => reject(new Error(`no ready line after ${timeoutMs} ms:\n${output}`)));
    }, timeoutMs);
    const onData = (chunk: string) => {
      output += chunk;
      const match = READY.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ apiUrl: match[1], output: () => output, stop });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`npm run sandbox exited before it was ready:\n${output}`));
    });
  });
}
