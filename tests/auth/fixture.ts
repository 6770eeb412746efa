/**
 * @module tests/auth/fixture — one throw-away AuthBasic app served by a real server on one engine.
 */
import { type AuthAppSource, type AuthAppSpec, authAppSource, PASSWORD } from './apps.js';
import { expectConfirmingSignUp, expectSignedIn } from './states.js';
import {
  Browser,
  codesFor,
  type EngineCase,
  pollFor,
  type RunningServer,
  startServer,
  type TempApp,
  writeApp,
} from './support.js';

/** A served test app. */
export interface AuthFixture {
  readonly app: TempApp;
  readonly names: AuthAppSource;
  readonly server: RunningServer;
  readonly apiUrl: string;
  /** A new client with an empty cookie jar (and optional fixed headers). */
  browser(headers?: Record<string, string>): Browser;
  /** Codes delivered to `username` so far, oldest first. */
  codes(username: string): Promise<string[]>;
  /** Waits (bounded) until `username` has received more than `seen` codes; returns the newest. */
  nextCode(username: string, seen: number): Promise<string>;
  /** Moves the served block's clock forward by `seconds` (the fixture's `testApi.advanceClock`). */
  advanceClock(seconds: number): Promise<void>;
  /** Stops the server (with `signal`, default SIGTERM) and starts it again on the same app and data. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Starts one more server on the same app and engine (stopped by `close()`). */
  another(command?: 'sandbox' | 'start'): Promise<RunningServer>;
  close(): Promise<void>;
}

/** Options of {@link startAuthApp}. */
export interface FixtureOptions {
  env?: Record<string, string>;
  command?: 'sandbox' | 'start';
  /** CLI arguments after `--dir <app> --port 0`. */
  args?: string[];
}

/** Writes an app from `spec` and serves it on `engine`. */
export async function startAuthApp(
  engine: EngineCase,
  spec: AuthAppSpec = {},
  options: FixtureOptions = {},
): Promise<AuthFixture> {
  const names = await authAppSource(spec);
  const app = await writeApp(names.source);
  const env = { ...engine.env(app.dataDir), ...names.env, CODES_FILE: app.codesFile, ...options.env };
  const serve = (command = options.command ?? 'sandbox') =>
    startServer({ appDir: app.appDir, env, command, ...(options.args ? { args: options.args } : {}) });
  const others: RunningServer[] = [];
  let server: RunningServer;
  try {
    server = await serve();
  } catch (error) {
    await app.remove();
    throw error;
  }
  const fixture: AuthFixture = {
    app,
    names,
    get server() {
      return server;
    },
    get apiUrl() {
      return server.apiUrl;
    },
    browser: (headers) => new Browser(server.apiUrl, headers),
    codes: (username) => codesFor(app.codesFile, username),
    async nextCode(username, seen) {
      const code = await pollFor(async () => {
        const all = await codesFor(app.codesFile, username);
        return all.length > seen ? all[all.length - 1] : undefined;
      });
      if (code === undefined) throw new Error(`no code delivered to ${username}`);
      return code;
    },
    async advanceClock(seconds) {
      const reply = await new Browser(server.apiUrl).call('testApi.advanceClock', seconds);
      if (typeof reply.body?.result !== 'number')
        throw new Error(`advanceClock failed: ${JSON.stringify(reply.body)}`);
    },
    async restart(signal) {
      await server.stop(signal);
      server = await serve();
    },
    async another(command) {
      const other = await serve(command);
      others.push(other);
      return other;
    },
    async close() {
      await Promise.all([server.stop(), ...others.map((other) => other.stop())]);
      await app.remove();
    },
  };
  return fixture;
}

/** Signs `username` up with a new client on an app without codeDelivery (signed in at once); returns it. */
export async function signedUp(app: AuthFixture, username: string): Promise<Browser> {
  const b = app.browser();
  expectSignedIn(await b.setAuthState({ action: 'signUp', username, password: PASSWORD }), username);
  return b;
}

/** Signs `username` in with a new client; returns it. */
export async function signedIn(app: AuthFixture, username: string, password = PASSWORD): Promise<Browser> {
  const b = app.browser();
  expectSignedIn(await b.setAuthState({ action: 'signIn', username, password }), username);
  return b;
}

/**
 * Signs `username` up on an app with codeDelivery and confirms with the first code delivered, in
 * `browser` (a new client by default); returns the signed-in state.
 */
export async function signUpConfirmed(
  app: AuthFixture,
  username: string,
  browser = app.browser(),
  // biome-ignore lint/suspicious/noExplicitAny: see resultOf in states.ts
): Promise<any> {
  expectConfirmingSignUp(
    await browser.setAuthState({ action: 'signUp', username, password: PASSWORD }),
    username,
  );
  const code = await app.nextCode(username, 0);
  return expectSignedIn(
    await browser.setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
    username,
  );
}
