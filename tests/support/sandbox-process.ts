/**
 * @module tests/support/sandbox-process — `blockyard sandbox|start` as a child process: start it,
 * wait for its ready line, read its output, stop it. Every child still running when the test
 * process exits is killed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { CLI_BIN, REPO_ROOT } from './paths.js';
import { pollUntil } from './wait.js';

const READY_LINE = /Blocks API ready at (http:\/\/\S+\/aws-blocks\/api)/;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(proc: ChildProcess): void {
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const child of live) child.kill('SIGKILL');
    });
  }
}

/** How a child process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Options of {@link startSandbox} and {@link runBlockyard}. */
export interface SandboxOptions {
  /** The app folder (`--dir`). */
  appDir: string;
  /** `sandbox` (default) or `start`. */
  command?: 'sandbox' | 'start';
  /**
   * Arguments after `--dir <app> --port 0`. Default for `sandbox`: `['--no-watch', '--quiet']`;
   * pass `[]` to watch and log. A `--port` here overrides the port 0 default.
   */
  args?: string[];
  /** Added to the environment (which inherits this process's environment). */
  env?: Record<string, string | undefined>;
  /** Longest wait for the ready line (default 20 s). */
  readyTimeoutMs?: number;
}

/** A running server. */
export interface SandboxProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `http://127.0.0.1:<port>/aws-blocks/api` */
  readonly apiUrl: string;
  readonly port: number;
  readonly proc: ChildProcess;
  /** Everything printed on stdout so far. */
  stdout(): string;
  /** Everything printed on stderr so far. */
  stderr(): string;
  /** Waits (bounded) until stdout or stderr matches `pattern`. */
  waitForOutput(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has exited. */
  exited(): Promise<ExitStatus>;
  /** Sends `signal` (default SIGTERM), waits for the exit (SIGKILL after 15 s). */
  stop(signal?: NodeJS.Signals): Promise<ExitStatus>;
}

function buildArgs(options: SandboxOptions): string[] {
  const command = options.command ?? 'sandbox';
  const extra = options.args ?? (command === 'sandbox' ? ['--no-watch', '--quiet'] : []);
  const port = extra.includes('--port') ? [] : ['--port', '0'];
  return [CLI_BIN, command, '--dir', options.appDir, ...port, ...extra];
}

function spawnCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = REPO_ROOT,
): ChildProcess {
  const proc = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(proc);
  return proc;
}

/**
 * Starts `blockyard <command> --dir <appDir> --port 0 …` from the repository root and resolves once
 * it printed its ready line (rejects with its output if it exits first or takes too long).
 */
export async function startSandbox(options: SandboxOptions): Promise<SandboxProcess> {
  const proc = spawnCli(buildArgs(options), options.env);
  let out = '';
  let err = '';
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<ExitStatus>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitStatus> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    const killer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    try {
      return await exit;
    } finally {
      clearTimeout(killer);
    }
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  let readyUrl: string;
  try {
    readyUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ready line after ${readyTimeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`)),
        readyTimeoutMs,
      );
      const check = () => {
        const match = READY_LINE.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      proc.stdout?.on('data', check);
      void exit.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(
          new Error(
            `blockyard exited (${code ?? signal}) before it was ready\nstdout:\n${out}\nstderr:\n${err}`,
          ),
        );
      });
    });
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }

  const port = Number(new URL(readyUrl).port);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    apiUrl: `${url}/aws-blocks/api`,
    port,
    proc,
    stdout: () => out,
    stderr: () => err,
    async waitForOutput(pattern, timeoutMs = 10_000) {
      const matches = (text: string) =>
        typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
      await pollUntil(() => matches(out) || matches(err), {
        timeoutMs,
        intervalMs: 20,
        description: `output matching ${String(pattern)}\nstdout:\n${out}\nstderr:\n${err}`,
      });
    },
    exited: () => exit,
    stop,
  };
}

/** What a finished `blockyard` run printed and how it ended. */
export interface CliRun extends ExitStatus {
  stdout: string;
  stderr: string;
}

/**
 * Runs `blockyard <args…>` from the repository root (or `cwd`) until it exits (killed after
 * `timeoutMs`, default 20 s) — for invocations that are expected to end by themselves (errors,
 * `--help`).
 */
export async function runBlockyard(
  args: string[],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string } = {},
): Promise<CliRun> {
  const proc = spawnCli([CLI_BIN, ...args], options.env, options.cwd);
  let stdout = '';
  let stderr = '';
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const killer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  const status = await new Promise<ExitStatus>((resolve) => {
    proc.once('close', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(killer);
  return { ...status, stdout, stderr };
}
