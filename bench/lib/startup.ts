/**
 * @module bench/lib/startup — time from spawning a server to its first answered request.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { REPO_ROOT } from './servers.js';

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** What to start and how to tell it answers. */
export interface StartupProbe {
  /** Arguments of `node` for a server listening on `port`. */
  args(port: number): string[];
  env?: Record<string, string | undefined>;
  /** Path and body of the request that must succeed (POST, JSON). */
  path: string;
  body: string;
  /** Whether the response text is the expected answer (default: any 2xx). */
  accept?: (text: string) => boolean;
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
}

async function answered(url: string, probe: StartupProbe): Promise<boolean> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: probe.body,
    });
    text = await response.text();
  } catch {
    return false;
  }
  if (!response.ok || (probe.accept && !probe.accept(text))) {
    throw new Error(`unexpected answer ${response.status}: ${text.slice(0, 200)}`);
  }
  return true;
}

function stopChild(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

/**
 * Spawns the server and polls (every 2 ms) until the probe request succeeds; resolves with the
 * elapsed milliseconds since the spawn. The server is stopped afterwards.
 */
export async function measureStartup(probe: StartupProbe): Promise<number> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}${probe.path}`;
  const started = performance.now();
  const proc = spawn(process.execPath, probe.args(port), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...probe.env },
    stdio: 'ignore',
  });
  const deadline = started + (probe.timeoutMs ?? 10_000);
  try {
    for (;;) {
      if (await answered(url, probe)) return performance.now() - started;
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode} before answering`);
      if (performance.now() > deadline) throw new Error(`no answer within ${probe.timeoutMs ?? 10_000} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    await stopChild(proc);
  }
}
