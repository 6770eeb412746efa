import { type ChildProcess, spawn } from 'node:child_process';
import type { OutputStreams } from '../cli/types.js';

/** A frontend dev server started by the sandbox. */
export interface FrontendCommand {
  /** Stops it (its whole process group) and resolves once it exited (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

function prefixLines(target: { write(text: string): unknown }, prefix: string) {
  let partial = '';
  return (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) target.write(`${prefix}${line}\n`);
  };
}

/**
 * Runs `command` through the shell in `appDir` with `PORT=<port>` (and `BLOCKS_FRONTEND_PORT`), its
 * output prefixed with `[frontend]`. It runs in its own process group so that stopping it also
 * stops the servers it started.
 */
export function startFrontendCommand(
  command: string,
  options: { appDir: string; port: number; streams: OutputStreams },
): FrontendCommand {
  const child: ChildProcess = spawn(command, {
    shell: true,
    cwd: options.appDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(options.port),
      BLOCKS_FRONTEND_PORT: String(options.port),
    },
  });
  child.stdout?.setEncoding('utf8').on('data', prefixLines(options.streams.stdout, '[frontend] '));
  child.stderr?.setEncoding('utf8').on('data', prefixLines(options.streams.stderr, '[frontend] '));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    if (!stopping) options.streams.stderr.write(`The frontend command exited (${code ?? signal}).\n`);
  });
  child.once('error', (error) =>
    options.streams.stderr.write(`Could not start the frontend command: ${error.message}\n`),
  );
  let stopping = false;
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name);
    } catch {
      // Already gone.
    }
  };
  return {
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
