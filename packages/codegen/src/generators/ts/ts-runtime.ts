/** The TypeScript runtime shipped with every generated client: fetch transport, cookie jar, errors. */
export const TS_RUNTIME = String.raw`/** A JSON-RPC error, an HTTP failure or an answer that does not fit the protocol. */
export class BlocksError extends Error {
  /** JSON-RPC error code (the HTTP status for transport failures). */
  readonly code: number;
  /** The stable error name (the error's data.name), e.g. InvalidCredentialsException. */
  readonly errorName: string | undefined;
  /** True when the same call may succeed later. */
  readonly retriable: boolean;
  /** The error's data object. */
  readonly data: unknown;

  constructor(message: string, code: number, errorName?: string, retriable = false, data?: unknown) {
    super(message);
    this.name = errorName ?? 'BlocksError';
    this.code = code;
    this.errorName = errorName;
    this.retriable = retriable;
    this.data = data;
  }
}

/** True when error is a BlocksError named name. */
export function isBlocksError(error: unknown, name: string): boolean {
  return error instanceof BlocksError && error.errorName === name;
}

interface StoredCookie {
  value: string;
  expiresAt?: number;
  secure: boolean;
}

/** Cookies by host and name; honours Max-Age (0 deletes), Expires and Secure. */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The Cookie header for a request to host, or undefined. */
  header(host: string, secure: boolean): string | undefined {
    const parts: string[] = [];
    for (const [key, cookie] of this.#cookies) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= this.#now()) {
        this.#cookies.delete(key);
        continue;
      }
      const bar = key.indexOf('|');
      if (key.slice(0, bar) !== host || (cookie.secure && !secure)) continue;
      parts.push(key.slice(bar + 1) + '=' + cookie.value);
    }
    return parts.length > 0 ? parts.join('; ') : undefined;
  }

  /** Applies one Set-Cookie header received from host. */
  receive(host: string, setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let expiresAt: number | undefined;
    let maxAgeSeen = false;
    let secure = false;
    for (const attribute of attributes) {
      const aeq = attribute.indexOf('=');
      const key = (aeq < 0 ? attribute : attribute.slice(0, aeq)).trim().toLowerCase();
      const raw = aeq < 0 ? '' : attribute.slice(aeq + 1).trim();
      if (key === 'max-age' && /^-?\d+$/.test(raw)) {
        expiresAt = this.#now() + Number(raw) * 1000;
        maxAgeSeen = true;
      } else if (key === 'expires' && !maxAgeSeen) {
        const at = Date.parse(raw);
        if (!Number.isNaN(at)) expiresAt = at;
      } else if (key === 'secure') {
        secure = true;
      }
    }
    const id = host + '|' + name;
    if (value === '' || (expiresAt !== undefined && expiresAt <= this.#now())) this.#cookies.delete(id);
    else this.#cookies.set(id, expiresAt === undefined ? { value, secure } : { value, expiresAt, secure });
  }

  /** The value of a live cookie, or undefined. */
  get(host: string, name: string): string | undefined {
    const cookie = this.#cookies.get(host + '|' + name);
    if (!cookie || (cookie.expiresAt !== undefined && cookie.expiresAt <= this.#now())) return undefined;
    return cookie.value;
  }

  /** Stores a cookie (expiresAt in epoch milliseconds). */
  set(host: string, name: string, value: string, expiresAt?: number): void {
    this.#cookies.set(host + '|' + name, expiresAt === undefined ? { value, secure: false } : { value, expiresAt, secure: false });
  }

  /** Forgets every cookie. */
  clear(): void {
    this.#cookies.clear();
  }
}

/** Options of BlocksClient. */
export interface BlocksClientOptions {
  /** The API URL, e.g. http://localhost:3001/aws-blocks/api. */
  url: string;
  /** Where session cookies are kept (default: a new in-memory jar). In browsers, cookies are the browser's. */
  cookieJar?: CookieJar;
  /** The fetch to use (default: globalThis.fetch). */
  fetch?: typeof fetch;
}

/** The JSON-RPC transport. */
export class BlocksClient {
  readonly url: string;
  readonly cookieJar: CookieJar;
  readonly #fetch: typeof fetch;
  #nextId = 1;

  constructor(options: BlocksClientOptions) {
    this.url = options.url;
    this.cookieJar = options.cookieJar ?? new CookieJar();
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Calls method with positional params and resolves with its result. */
  async call(method: string, params: unknown[]): Promise<unknown> {
    const target = new URL(this.url);
    const secure = target.protocol === 'https:' || target.hostname === 'localhost' || target.hostname === '127.0.0.1';
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    const cookie = this.cookieJar.header(target.host, secure);
    if (cookie !== undefined) headers.cookie = cookie;
    const response = await this.#fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: this.#nextId++ }),
      credentials: 'include',
    });
    for (const line of response.headers.getSetCookie?.() ?? []) this.cookieJar.receive(target.host, line);
    const text = await response.text();
    let reply: { result?: unknown; error?: { code?: number; message?: string; data?: { name?: string; retriable?: boolean } } } | undefined;
    try {
      reply = JSON.parse(text);
    } catch {
      reply = undefined;
    }
    const error = reply?.error;
    if (error) {
      throw new BlocksError(error.message ?? 'JSON-RPC error', error.code ?? response.status, error.data?.name, error.data?.retriable === true, error.data);
    }
    if (response.ok && reply && 'result' in reply) return reply.result;
    throw new BlocksError('HTTP error ' + response.status, response.status);
  }
}

/** Drops trailing undefined params beyond the required ones, so the server applies its defaults. */
export function trimParams(params: unknown[], required: number): unknown[] {
  let end = params.length;
  while (end > required && params[end - 1] === undefined) end--;
  return params.slice(0, end).map((p) => (p === undefined ? null : p));
}
`;
