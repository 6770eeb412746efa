/**
 * @module tests/auth/support — what the AuthBasic end-to-end tests share: throw-away apps, the engine
 * matrix, a sandbox process, an HTTP client with a cookie jar, and the delivered-codes file.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { createTempApp, REPO_ROOT, type SandboxProcess, startSandbox } from '../support/index.js';

/** The repository root. */
export const ROOT = REPO_ROOT;

/** A short random token, safe in scope ids and usernames. */
export function randomId(bytes = 5): string {
  return randomBytes(bytes).toString('hex');
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `probe` until it returns a value other than `undefined`, at most for `timeoutMs`; the last
 * probe's value (or `undefined`) is returned, so the caller asserts on what it saw.
 */
export async function pollFor<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 8000, intervalMs = 150 } = {},
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() >= deadline) return value;
    await sleep(intervalMs);
  }
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

/** One HTTP answer, with the JSON body parsed when it is JSON. */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Every `Set-Cookie` line, in order. */
  readonly setCookies: string[];
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body that tests inspect freely
  readonly body: any;
}

/** POSTs `body` to `url` over node:http (which, unlike fetch, lets a test send any `Host`). */
export function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const target = new URL(url);
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text.length > 0 ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            setCookies: res.headers['set-cookie'] ?? [],
            text,
            body: parsed,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

let nextId = 1;

/** Sends one JSON-RPC call. */
export function rpc(
  apiUrl: string,
  method: string,
  params: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const message: Record<string, unknown> = { jsonrpc: '2.0', method, id: nextId++ };
  if (params !== undefined) message.params = params;
  return post(apiUrl, JSON.stringify(message), headers);
}

/** Splits a `Set-Cookie` line into its name, value and attributes. */
export function parseSetCookie(line: string): { name: string; value: string; attributes: string[] } {
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}

/**
 * A minimal browser: a cookie jar (by exact name; `Max-Age=0` deletes) and fixed extra headers,
 * used to call the API like one client would.
 */
export class Browser {
  readonly jar = new Map<string, string>();

  constructor(
    readonly apiUrl: string,
    readonly headers: Record<string, string> = {},
  ) {}

  /** The `cookie` header this browser sends, or `''`. */
  cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Calls `method` with positional `params`, sending and then updating the cookie jar. */
  async call(method: string, ...params: unknown[]): Promise<Reply> {
    const cookie = this.cookieHeader();
    const reply = await rpc(this.apiUrl, method, params, {
      ...this.headers,
      ...(cookie ? { cookie } : {}),
    });
    for (const line of reply.setCookies) {
      const { name, value, attributes } = parseSetCookie(line);
      if (attributes.some((a) => a.toLowerCase() === 'max-age=0') || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return reply;
  }

  /** `authApi.setAuthState(input)`; returns the reply (state in `body.result`). */
  setAuthState(input: unknown, namespace = 'authApi'): Promise<Reply> {
    return this.call(`${namespace}.setAuthState`, input);
  }

  /** `authApi.getAuthState()`. */
  getAuthState(namespace = 'authApi'): Promise<Reply> {
    return this.call(`${namespace}.getAuthState`);
  }

  /** A new browser holding a copy of this one's cookies (optionally talking to another server). */
  clone(apiUrl = this.apiUrl): Browser {
    const copy = new Browser(apiUrl, this.headers);
    for (const [name, value] of this.jar) copy.jar.set(name, value);
    return copy;
  }
}
