/**
 * @module bench/lib/servers — the servers the bench measures, each in its own child process on
 * 127.0.0.1: a bare node:http server answering a small JSON-RPC POST, and `blockyard sandbox`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built `blockyard` entry point. */
export const CLI_BIN = join(REPO_ROOT, 'packages/cli/dist/bin.js');
/** The example app the budgets are stated for. */
export const EXAMPLE_APP_DIR = join(REPO_ROOT, 'examples/auth-basic-app');

/** A server running in a child process. */
export interface BenchServer {
  readonly name: string;
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly proc: ChildProcess;
  /** Everything the server printed. */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; removes the server's temp data folder. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

// Reads one JSON-RPC call and answers `{ result: { message: "Hello, <name>!" } }`: the same work,
// minus Blockyard, that the sandbox does for `api.greet`.
const BARE_SERVER_SOURCE = `
import { createServer } from 'node:http';
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let reply;
    try {
      const call = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const name = Array.isArray(call.params) ? call.params[0] : undefined;
      reply = { jsonrpc: '2.0', result: { message: 'Hello, ' + name + '!' }, id: call.id ?? null };
    } catch {
      reply = { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null };
    }
    const body = JSON.stringify(reply);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log('Bare server ready at http://127.0.0.1:' + server.address().port + '/');
});
`;

interface SpawnOptions {
  name: string;
  args: string[];
  env?: Record<string, string | undefined>;
  ready: RegExp;
  timeoutMs?: number;
  cleanup?: () => Promise<void>;
}

/** Spawns `node <args>` and resolves once its output matches `ready` (whose group 1 is the port). */
export async function spawnServer(options: SpawnOptions): Promise<BenchServer> {
  const proc = spawn(process.execPath, options.args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);
  let out = '';
  const exited = new Promise<void>((resolve) => {
    proc.once('exit', () => {
      live.delete(proc);
      resolve();
    });
  });
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    await options.cleanup?.();
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${options.name} not ready after ${options.timeoutMs ?? 20_000} ms:\n${out}`)),
        options.timeoutMs ?? 20_000,
      );
      const onData = (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const match = options.ready.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${options.name} exited before it was ready:\n${out}`));
      });
    });
    return {
      name: options.name,
      url: `http://127.0.0.1:${port}`,
      port,
      pid: proc.pid!,
      proc,
      output: () => out,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts the bare node:http server (port 0 unless `port` is given). */
export function startBareServer(port = 0): Promise<BenchServer> {
  return spawnServer({
    name: 'bare node:http',
    args: ['--input-type=module', '-e', BARE_SERVER_SOURCE],
    env: { PORT: String(port) },
    ready: /Bare server ready at http:\/\/127\.0\.0\.1:(\d+)\//,
  });
}

/** Options of {@link startSandboxServer}. */
export interface SandboxServerOptions {
  /** The app (default: the example app). */
  appDir?: string;
  /** Extra flags (default `--no-watch --quiet`). */
  flags?: string[];
  /** Port (default 0: any free port). */
  port?: number;
  env?: Record<string, string | undefined>;
}

/**
 * Starts `blockyard sandbox` on an app with a fresh temp `BLOCKS_DATA_DIR` (removed on stop), so
 * every run starts from empty data.
 */
export async function startSandboxServer(options: SandboxServerOptions = {}): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'blockyard-bench-'));
  const flags = options.flags ?? ['--no-watch', '--quiet'];
  return spawnServer({
    name: 'blockyard sandbox',
    args: [
      CLI_BIN,
      'sandbox',
      '--dir',
      options.appDir ?? EXAMPLE_APP_DIR,
      '--port',
      String(options.port ?? 0),
      ...flags,
    ],
    env: { BLOCKS_DATA_DIR: dataDir, ...options.env },
    ready: /Blocks API ready at http:\/\/127\.0\.0\.1:(\d+)\/aws-blocks\/api/,
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  });
}
