/**
 * @module test-support/harness — AuthBasic on a real in-memory engine with a frozen clock, and
 * hand-made BlocksContexts (real `Headers` and `URL`) with a cookie jar, for the block's unit tests.
 */

import type { BlocksContext } from '@blockyard/core';
import { Scope } from '@blockyard/core';
import { type KvEngine, openEngine } from '@blockyard/kv-store';
import { AuthBasic } from '../auth-basic.js';
import type { AuthEvent } from '../events.js';
import type { AuthBasicOptions } from '../options.js';
import type { AuthBasicState } from '../state-machine.js';

/** A clock tests move by hand. */
export class TestClock {
  constructor(public ms = Date.UTC(2030, 0, 1)) {}
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** One delivered code. */
export interface Delivery {
  username: string;
  code: string;
  purpose: 'signup' | 'reset';
}

/** What {@link makeAuth} returns. */
export interface Harness {
  auth: AuthBasic;
  engine: KvEngine;
  clock: TestClock;
  deliveries: Delivery[];
  events: AuthEvent[];
  logLines: string[];
  /** Delivers what the outbox holds (every instance built here), then the newest code of `username`. */
  lastCode(username: string, purpose?: 'signup' | 'reset'): Promise<string>;
  /** Delivers what the outbox holds now, on every instance built here. */
  flush(): Promise<void>;
  /** Another AuthBasic instance on the same engine and scope (another server process). */
  sibling(options?: Partial<AuthBasicOptions>): AuthBasic;
  close(): Promise<void>;
}

/** Options of {@link makeAuth}: AuthBasic options plus `codes` (configure a recording codeDelivery). */
export type HarnessOptions = Partial<AuthBasicOptions> & {
  codes?: boolean;
  scopeId?: string;
  /** Engine URL instead of `memory:` (e.g. a test PostgreSQL database); use a unique `scopeId`. */
  engineUrl?: string;
};

let counter = 0;

/** An AuthBasic block on a fresh memory engine, a frozen clock and recording hooks. */
export async function makeAuth(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new TestClock();
  const engine = await openEngine(options.engineUrl ?? 'memory:', { now: clock.now, purgeIntervalMs: 0 });
  const deliveries: Delivery[] = [];
  const events: AuthEvent[] = [];
  const logLines: string[] = [];
  const { codes, scopeId, engineUrl: _url, ...rest } = options;
  const scope = new Scope(scopeId ?? `app${++counter}`);
  const built: AuthBasic[] = [];
  const flush = async () => {
    for (const instance of built) await instance.deliverPendingCodes();
  };
  const make = (extra: Partial<AuthBasicOptions> = {}) =>
    new AuthBasic(scope, 'auth', {
      engine,
      clock: clock.now,
      logger: {
        info: (message, fields) => logLines.push(JSON.stringify({ message, ...fields })),
        warn: (message) => logLines.push(message),
        error: (message, fields) => logLines.push(JSON.stringify({ message, ...fields })),
      },
      onEvent: (event) => {
        events.push(event);
      },
      ...(codes
        ? {
            codeDelivery: (username: string, code: string, purpose: 'signup' | 'reset') => {
              deliveries.push({ username, code, purpose });
            },
          }
        : {}),
      ...rest,
      ...extra,
    });
  const build = (extra: Partial<AuthBasicOptions> = {}) => {
    const instance = make(extra);
    built.push(instance);
    return instance;
  };
  return {
    auth: build(),
    engine,
    clock,
    deliveries,
    events,
    logLines,
    flush,
    async lastCode(username, purpose) {
      await flush();
      const found = deliveries
        .filter((d) => d.username === username && (!purpose || d.purpose === purpose))
        .at(-1);
      if (!found) throw new Error(`no code delivered to ${username}`);
      return found.code;
    },
    sibling: (extra) => build(extra),
    close: () => engine.close(),
  };
}

/** Request details of a {@link Client}. */
export interface ClientOptions {
  url?: string;
  headers?: Record<string, string>;
  clientAddress?: string;
}

/** A fabricated BlocksContext plus what the response got. */
export interface TestContext extends BlocksContext {
  /** The `Set-Cookie` lines written to the response. */
  setCookies(): string[];
}

/** A browser-like client: keeps cookies (exact names; `Max-Age=0` deletes) across contexts. */
export class Client {
  readonly jar = new Map<string, string>();
  constructor(readonly options: ClientOptions = {}) {}

  /** A new BlocksContext for one request carrying this client's cookies. */
  context(): TestContext {
    const headers = new Headers({ host: '127.0.0.1:3001', ...this.options.headers });
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
    const url = new URL(this.options.url ?? 'http://127.0.0.1:3001/aws-blocks/api');
    const responseHeaders = new Headers({ 'Content-Type': 'application/json' });
    const body = '';
    return {
      request: {
        method: 'POST',
        headers,
        url,
        params: {},
        body: null,
        clientAddress: this.options.clientAddress ?? '127.0.0.1',
        text: async () => body,
        json: async () => JSON.parse(body || 'null'),
      },
      response: { headers: responseHeaders, status: 200, send: () => {} },
      setCookies: () => responseHeaders.getSetCookie(),
    };
  }

  /** Applies the response's `Set-Cookie` lines to the jar. */
  absorb(context: TestContext): void {
    for (const line of context.setCookies()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/;\s*Max-Age=0(;|$)/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  /** Runs `fn` with a fresh context and absorbs its cookies; returns its result and the context. */
  async run<T>(fn: (context: TestContext) => Promise<T>): Promise<{ result: T; context: TestContext }> {
    const context = this.context();
    const result = await fn(context);
    this.absorb(context);
    return { result, context };
  }

  /** A new client holding a copy of this one's cookies (a stolen or copied cookie). */
  clone(options: ClientOptions = this.options): Client {
    const copy = new Client(options);
    for (const [name, value] of this.jar) copy.jar.set(name, value);
    return copy;
  }
}

/** The `createApi()` methods of `auth` for one context. */
export function stateApi(auth: AuthBasic, context: BlocksContext) {
  const handler = auth.createApi() as unknown as (context: BlocksContext) => {
    getAuthState(): Promise<AuthBasicState>;
    setAuthState(input?: unknown): Promise<AuthBasicState>;
  };
  return handler(context);
}

/** Calls `setAuthState(input)` as `client`, keeping cookies. */
export async function act(
  auth: AuthBasic,
  client: Client,
  input?: unknown,
): Promise<{ state: AuthBasicState; context: TestContext }> {
  const { result, context } = await client.run((ctx) => stateApi(auth, ctx).setAuthState(input));
  return { state: result, context };
}

/** Calls `getAuthState()` as `client`. */
export async function current(auth: AuthBasic, client: Client): Promise<AuthBasicState> {
  const { result } = await client.run((ctx) => stateApi(auth, ctx).getAuthState());
  return result;
}

/** Awaits `promise` and returns the error it rejects with (fails when it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { status?: number; retriable?: boolean }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { status?: number };
  }
  throw new Error('expected a rejection');
}
