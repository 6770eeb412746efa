/**
 * @module tests/auth/support — what the AuthBasic end-to-end tests share: throw-away apps, the engine
 * matrix, a sandbox process, an HTTP client with a cookie jar, and the delivered-codes file.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempApp, REPO_ROOT, type SandboxProcess, startSandbox } from '../support/index.js';
import { type Reply, RpcClient } from '../support/rpc-client.js';
import { pollUntil } from '../support/wait.js';

/** The repository root. */
export const ROOT = REPO_ROOT;

/** A short random token, safe in scope ids and usernames. */
export function randomId(bytes = 5): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Calls `probe` until it returns a value other than `undefined`, at most for `timeoutMs`; the value,
 * or `undefined` when time ran out, so the caller asserts on what it saw.
 */
export function pollFor<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 8000, intervalMs = 150 } = {},
): Promise<T | undefined> {
  return pollUntil(probe, { timeoutMs, intervalMs }).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// Engines

/** One engine the flows run on. */
export interface EngineCase {
  readonly name: 'sqlite' | 'postgres';
  /** Why the engine is skipped on this machine, when it is. */
  readonly skip: string | false;
  /** Environment for a server on this engine; `dataDir` is a private temp folder. */
  env(dataDir: string): Record<string, string>;
}

/** SQLite (always) and PostgreSQL (when `BLOCKS_TEST_POSTGRES_URL` is set). */
export function engines(): EngineCase[] {
  const pgUrl = process.env.BLOCKS_TEST_POSTGRES_URL;
  return [
    { name: 'sqlite', skip: false, env: (dataDir) => ({ BLOCKS_DATA_DIR: dataDir }) },
    {
      name: 'postgres',
      skip: pgUrl ? false : 'BLOCKS_TEST_POSTGRES_URL is not set (run through scripts/run-tests.mjs)',
      env: (dataDir) => ({ BLOCKS_DATA_DIR: dataDir, BLOCKS_DATABASE_URL: pgUrl ?? '' }),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Throw-away apps

/** A backend under `tests/.tmp-apps/auth-<random>/aws-blocks/index.ts`, plus its private folders. */
export interface TempApp {
  readonly appDir: string;
  readonly dataDir: string;
  /** File the app's `codeDelivery` appends `{"u":…,"c":…}` lines to (env `CODES_FILE`). */
  readonly codesFile: string;
  remove(): Promise<void>;
}

/** Writes `source` as an app backend; `remove()` deletes the app and its data. */
export async function writeApp(source: string): Promise<TempApp> {
  const app = await createTempApp({ 'aws-blocks/index.ts': source }, 'auth');
  const codesFile = join(app.dataDir, 'codes.jsonl');
  await writeFile(codesFile, '');
  return { appDir: app.appDir, dataDir: app.dataDir, codesFile, remove: () => app.remove() };
}

/** A code the app delivered. */
export interface DeliveredCode {
  readonly u: string;
  readonly c: string;
}

/** Every code delivered so far, oldest first. */
export async function readCodes(codesFile: string): Promise<DeliveredCode[]> {
  const text = await readFile(codesFile, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as DeliveredCode);
}

/** The codes delivered to `username`, oldest first. */
export async function codesFor(codesFile: string, username: string): Promise<string[]> {
  return (await readCodes(codesFile)).filter((entry) => entry.u === username).map((entry) => entry.c);
}

// ---------------------------------------------------------------------------------------------
// Server processes

/** A running `blockyard sandbox|start` process (see tests/support). */
export type RunningServer = SandboxProcess;

/** Options of {@link startServer}. */
export interface StartOptions {
  appDir: string;
  env?: Record<string, string>;
  /** `sandbox` (default, with `--no-watch --quiet`) or `start`. */
  command?: 'sandbox' | 'start';
  /** CLI arguments after `--dir <app> --port 0` (default for `sandbox`: `--no-watch --quiet`). */
  args?: string[];
}

/** Starts `blockyard <command> --dir <app> --port 0` and resolves once it printed its ready line. */
export function startServer(options: StartOptions): Promise<RunningServer> {
  return startSandbox({
    appDir: options.appDir,
    env: options.env,
    command: options.command ?? 'sandbox',
    ...(options.args ? { args: options.args } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP

export { parseSetCookie, post, type Reply, rpc } from '../support/rpc-client.js';

/**
 * The shared cookie-jar client with the two calls the AuthBasic tests make most, so a test reads
 * like one browser driving the state machine.
 */
export class Browser extends RpcClient {
  /** `authApi.setAuthState(input)`; returns the reply (state in `body.result`). */
  setAuthState(input: unknown, namespace = 'authApi'): Promise<Reply> {
    return this.call(`${namespace}.setAuthState`, input);
  }

  /** `authApi.getAuthState()`. */
  getAuthState(namespace = 'authApi'): Promise<Reply> {
    return this.call(`${namespace}.getAuthState`);
  }

  /** A new browser holding a copy of this one's cookies (optionally talking to another server). */
  override clone(apiUrl = this.apiUrl): Browser {
    const copy = new Browser(apiUrl, this.headers);
    for (const [name, value] of this.jar) copy.jar.set(name, value);
    return copy;
  }
}
