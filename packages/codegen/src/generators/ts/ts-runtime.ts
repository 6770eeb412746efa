/**
 * The runtime shipped with every generated TypeScript client, as JavaScript (runs on plain Node 20+,
 * in browsers, React Native and any bundler) plus its declarations: fetch transport, an RFC 6265
 * cookie jar over an app-supplied store, the error type.
 */
export const TS_RUNTIME_JS = String.raw`/** A JSON-RPC error, an HTTP failure or an answer that does not fit the protocol. */
export class BlocksError extends Error {
  constructor(message, code, errorName, retriable = false, data) {
    super(message);
    this.name = errorName ?? 'BlocksError';
    this.code = code;
    this.errorName = errorName;
    this.retriable = retriable;
    this.data = data;
  }
}

/** True when error is a BlocksError named name. */
export function isBlocksError(error, name) {
  return error instanceof BlocksError && error.errorName === name;
}

const SECRET_KEYS = Symbol('blocks.secretKeys');

/** A JSON.stringify replacer showing the secrets of every redacting object as ***. */
function maskSecrets(key, value) {
  return this !== null && typeof this === 'object' && this[SECRET_KEYS]?.has(key) ? '***' : value;
}

/**
 * Makes the instances of cls print the properties named in keys as *** in String(), template
 * literals and, in Node, util.inspect and console.log; JSON.stringify (the request body) carries the
 * real values. The model classes with passwords and codes are made so.
 */
export function redactSecrets(cls, keys) {
  const secret = new Set(keys);
  // What util.inspect shows: a copy of the same class name, secrets masked, without this hook.
  const Shown = { [cls.name]: class {} }[cls.name];
  Object.defineProperties(cls.prototype, {
    [SECRET_KEYS]: { value: secret },
    toString: {
      value() {
        return cls.name + ' ' + JSON.stringify(this, maskSecrets);
      },
      writable: true,
      configurable: true,
    },
    [Symbol.for('nodejs.util.inspect.custom')]: {
      value() {
        const shown = new Shown();
        for (const [key, value] of Object.entries(this)) shown[key] = secret.has(key) ? '***' : value;
        return shown;
      },
      configurable: true,
    },
  });
}

/** A CookieStore that forgets everything when the process ends. */
export class MemoryCookieStore {
  #cookies = [];
  load() {
    return this.#cookies;
  }
  save(cookies) {
    this.#cookies = cookies;
  }
}

/** Longer lifetimes are cut to 400 days, as browsers do. */
const MAX_AGE_SECONDS = 400 * 24 * 3600;

function isAddress(host) {
  return host.includes(':') || /^[0-9.]+$/.test(host);
}

function defaultPath(url) {
  const path = url.pathname;
  if (!path.startsWith('/') || path.lastIndexOf('/') === 0) return '/';
  return path.slice(0, path.lastIndexOf('/'));
}

function domainMatches(cookie, host) {
  return host === cookie.domain || (!cookie.hostOnly && !isAddress(host) && host.endsWith('.' + cookie.domain));
}

function pathMatches(path, cookiePath) {
  return (
    path === cookiePath ||
    (path.startsWith(cookiePath) && (cookiePath.endsWith('/') || path[cookiePath.length] === '/'))
  );
}

/**
 * Cookies per RFC 6265: Domain (host-only without it), Path (default: the request's directory),
 * Max-Age (before Expires; 0 or less deletes), Expires, Secure (sent over https only), HttpOnly.
 * Kept in store, which an app backs with its own storage to survive restarts.
 */
export class CookieJar {
  #store;
  #now;
  #cookies;

  constructor(store = new MemoryCookieStore(), now = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  #live() {
    this.#cookies ??= [...this.#store.load()];
    const now = this.#now();
    const kept = this.#cookies.filter((c) => c.expiresAt === undefined || c.expiresAt > now);
    if (kept.length !== this.#cookies.length) {
      this.#cookies = kept;
      this.#store.save([...kept]);
    }
    return this.#cookies;
  }

  #matching(url) {
    const target = new URL(url);
    const host = target.hostname.toLowerCase();
    const path = target.pathname || '/';
    const https = target.protocol === 'https:';
    return this.#live()
      .filter((c) => domainMatches(c, host) && pathMatches(path, c.path) && (!c.secure || https))
      .sort((a, b) => b.path.length - a.path.length);
  }

  /** The Cookie header for a request to url, or undefined. */
  header(url) {
    const found = this.#matching(url);
    return found.length > 0 ? found.map((c) => c.name + '=' + c.value).join('; ') : undefined;
  }

  /** The value of the cookie name a request to url would carry, or undefined. */
  get(url, name) {
    return this.#matching(url).find((c) => c.name === name)?.value;
  }

  /** Every live cookie. */
  cookies() {
    return [...this.#live()];
  }

  /** Applies one Set-Cookie header of the answer to a request for url. */
  receive(url, setCookie) {
    const target = new URL(url);
    const [pair = '', ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const host = target.hostname.toLowerCase();
    let domain;
    let path;
    let maxAge;
    let expires;
    let secure = false;
    let httpOnly = false;
    for (const attribute of attributes) {
      const aeq = attribute.indexOf('=');
      const key = (aeq < 0 ? attribute : attribute.slice(0, aeq)).trim().toLowerCase();
      const raw = aeq < 0 ? '' : attribute.slice(aeq + 1).trim();
      if (key === 'max-age' && /^-?\d+$/.test(raw)) maxAge = Math.min(Math.max(Number(raw), 0), MAX_AGE_SECONDS);
      else if (key === 'expires' && !Number.isNaN(Date.parse(raw))) expires = Date.parse(raw);
      else if (key === 'domain' && raw !== '') domain = raw.replace(/^\./, '').toLowerCase();
      else if (key === 'path') path = raw.startsWith('/') ? raw : undefined;
      else if (key === 'secure') secure = true;
      else if (key === 'httponly') httpOnly = true;
    }
    if (domain !== undefined && host !== domain && (isAddress(host) || !host.endsWith('.' + domain))) return;
    const now = this.#now();
    const expiresAt = maxAge !== undefined ? (maxAge <= 0 ? 0 : now + maxAge * 1000) : expires;
    const cookie = { name, value, domain: domain ?? host, hostOnly: domain === undefined, path: path ?? defaultPath(target), secure, httpOnly };
    if (expiresAt !== undefined) cookie.expiresAt = expiresAt;
    this.#replace(cookie, expiresAt === undefined || expiresAt > now);
  }

  /** Stores a cookie as it is. */
  put(cookie) {
    this.#replace(cookie, true);
  }

  /** Forgets every cookie (signing out locally). */
  clear() {
    this.#cookies = [];
    this.#store.save([]);
  }

  #replace(cookie, keep) {
    const all = this.#live().filter((c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path));
    if (keep) all.push(cookie);
    this.#cookies = all;
    this.#store.save([...all]);
  }
}

function parseUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new TypeError('BlocksClient needs the API\'s http(s) URL, e.g. http://localhost:3001/aws-blocks/api; got: ' + url);
  }
  return parsed.href;
}

/** The JSON-RPC transport. */
export class BlocksClient {
  #fetch;
  #nextId = 1;

  constructor(options) {
    this.url = parseUrl(options?.url);
    this.cookieJar = options.cookieJar ?? new CookieJar();
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Calls method with positional params and resolves with its result. */
  async call(method, params) {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const cookie = this.cookieJar.header(this.url);
    if (cookie !== undefined) headers.cookie = cookie;
    const response = await this.#fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: this.#nextId++ }),
      credentials: 'include',
    });
    for (const line of response.headers.getSetCookie?.() ?? []) this.cookieJar.receive(this.url, line);
    const text = await response.text();
    let reply;
    try {
      reply = JSON.parse(text);
    } catch {
      reply = undefined;
    }
    const error = reply?.error;
    if (error) {
      throw new BlocksError(error.message ?? 'JSON-RPC error', error.code ?? response.status, error.data?.name, error.data?.retriable === true, error.data);
    }
    if (response.ok && reply && typeof reply === 'object' && 'result' in reply) return reply.result;
    throw new BlocksError('HTTP error ' + response.status, response.status);
  }
}

/** Drops trailing undefined params beyond the required ones, so the server applies its defaults. */
export function trimParams(params, required) {
  let end = params.length;
  while (end > required && params[end - 1] === undefined) end--;
  return params.slice(0, end).map((p) => (p === undefined ? null : p));
}
`;

/** The declarations of {@link TS_RUNTIME_JS}. */
export const TS_RUNTIME_DTS = `/** A JSON-RPC error, an HTTP failure or an answer that does not fit the protocol. */
export declare class BlocksError extends Error {
  /** JSON-RPC error code (the HTTP status for transport failures). */
  readonly code: number;
  /** The stable error name (the error's data.name), e.g. SessionExpiredException. */
  readonly errorName: string | undefined;
  /** True when the same call may succeed later. */
  readonly retriable: boolean;
  /** The error's data object. */
  readonly data: unknown;
  constructor(message: string, code: number, errorName?: string, retriable?: boolean, data?: unknown);
}

/** True when error is a BlocksError named name. */
export declare function isBlocksError(error: unknown, name: string): error is BlocksError;

/**
 * Makes the instances of cls print the properties named in keys as *** in String(), template
 * literals and, in Node, util.inspect and console.log; JSON.stringify (the request body) carries the
 * real values. The model classes with passwords and codes are made so.
 */
export declare function redactSecrets(cls: abstract new (...args: never[]) => object, keys: readonly string[]): void;

/** One cookie as RFC 6265 stores it; expiresAt is epoch milliseconds, absent until the app ends. */
export interface Cookie {
  name: string;
  value: string;
  /** The host (hostOnly) or the domain and its subdomains the cookie is sent to. */
  domain: string;
  hostOnly: boolean;
  path: string;
  expiresAt?: number;
  /** Sent over https only. */
  secure: boolean;
  httpOnly: boolean;
}

/** Where a CookieJar keeps its cookies across restarts (a file, secure storage). */
export interface CookieStore {
  load(): readonly Cookie[];
  save(cookies: Cookie[]): void;
}

/** A CookieStore that forgets everything when the process ends. */
export declare class MemoryCookieStore implements CookieStore {
  load(): readonly Cookie[];
  save(cookies: Cookie[]): void;
}

/** Cookies per RFC 6265 (Domain, Path, Max-Age, Expires, Secure), kept in an app-supplied store. */
export declare class CookieJar {
  constructor(store?: CookieStore, now?: () => number);
  /** The Cookie header for a request to url, or undefined. */
  header(url: string): string | undefined;
  /** The value of the cookie name a request to url would carry, or undefined. */
  get(url: string, name: string): string | undefined;
  /** Every live cookie. */
  cookies(): Cookie[];
  /** Applies one Set-Cookie header of the answer to a request for url. */
  receive(url: string, setCookie: string): void;
  /** Stores a cookie as it is. */
  put(cookie: Cookie): void;
  /** Forgets every cookie (signing out locally). */
  clear(): void;
}

/** Options of BlocksClient. */
export interface BlocksClientOptions {
  /** The API URL, e.g. http://localhost:3001/aws-blocks/api (required). */
  url: string;
  /** Where session cookies are kept (default: a new in-memory jar). In browsers, cookies are the browser's. */
  cookieJar?: CookieJar;
  /** The fetch to use (default: globalThis.fetch). */
  fetch?: typeof fetch;
}

/** The JSON-RPC transport. */
export declare class BlocksClient {
  readonly url: string;
  readonly cookieJar: CookieJar;
  constructor(options: BlocksClientOptions);
  /** Calls method with positional params and resolves with its result. */
  call(method: string, params: unknown[]): Promise<unknown>;
}

/** Drops trailing undefined params beyond the required ones, so the server applies its defaults. */
export declare function trimParams(params: unknown[], required: number): unknown[];
`;
