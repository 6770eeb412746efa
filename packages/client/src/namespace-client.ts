import { ApiError } from './api-error.js';
import { decodeResponse } from './decode-response.js';
import { ClientErrors } from './errors.js';
import { type ClientRequest, runRequestMiddleware, runResponseMiddleware } from './middleware.js';
import { resolveApiUrl } from './resolve-url.js';
import { currentRequestCookies, mergeRequestCookies } from './ssr-cookies.js';
import { bearerAuthorization, type TokenProvider } from './token-provider.js';

/** Options of {@link ApiNamespaceClient}. */
export interface ApiNamespaceClientOptions {
  /** API URL to call instead of resolving one (R-1004). */
  url?: string;
  /**
   * The bearer token of each call (`Authorization: Bearer …`, read by CognitoAuth) instead of the
   * one {@link configureTokenProvider} set.
   */
  token?: TokenProvider;
}

/**
 * What a client of a backend namespace looks like: every method of `T` (an `ApiNamespace`'s type),
 * returning a Promise. Without a type argument, any method name is callable.
 */
export type NamespaceClient<T = Record<string, (...args: unknown[]) => Promise<unknown>>> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

// Names a Proxy must not answer with an RPC: `then` makes `await client` (or returning the client
// from an async function) treat it as a promise; the others are probed by frameworks and devtools.
const NOT_METHODS = new Set([
  'then',
  'catch',
  'finally',
  'toJSON',
  'constructor',
  '$$typeof',
  'asymmetricMatch',
]);

let nextId = 1;

async function call(
  namespace: string,
  method: string,
  args: unknown[],
  options: ApiNamespaceClientOptions,
): Promise<unknown> {
  const endpoint = options.url ?? (await resolveApiUrl());
  const authorization = await bearerAuthorization(options.token);
  let req: ClientRequest = {
    apiNamespace: namespace,
    method,
    args,
    headers: {
      'Content-Type': 'application/json',
      ...(authorization === undefined ? {} : { Authorization: authorization }),
    },
  };
  req = await runRequestMiddleware(req);
  const cookies = currentRequestCookies();
  if (cookies) mergeRequestCookies(req.headers, cookies);
  const body = JSON.stringify({
    jsonrpc: '2.0',
    method: `${req.apiNamespace}.${req.method}`,
    params: req.args,
    id: nextId++,
  });
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers: req.headers, credentials: 'include', body });
  } catch (error) {
    throw new ApiError(`Could not reach the Blocks API at ${endpoint}`, 503, {
      name: ClientErrors.NetworkError,
      retriable: true,
      cause: error,
    });
  }
  return runResponseMiddleware(decodeResponse(response.status, await response.text()));
}

/**
 * A client for the backend namespace exported as `name` (R-1003): every property is an async
 * function calling `<name>.<property>` over JSON-RPC with the page's cookies. Errors arrive as
 * {@link ApiError}s. `then` and symbol properties are `undefined`, so the client is not a thenable.
 */
export function ApiNamespaceClient<T = Record<string, (...args: unknown[]) => Promise<unknown>>>(
  name: string,
  options: ApiNamespaceClientOptions = {},
): NamespaceClient<T> {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new TypeError('ApiNamespaceClient: the namespace name must be a non-empty string without dots');
  }
  if (options.url !== undefined && typeof options.url !== 'string') {
    throw new TypeError('ApiNamespaceClient: options.url must be a string');
  }
  if (options.token !== undefined && typeof options.token !== 'function') {
    throw new TypeError('ApiNamespaceClient: options.token must be a function answering a token');
  }
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy(Object.create(null) as object, {
    get(_target, property) {
      if (typeof property !== 'string' || NOT_METHODS.has(property)) return undefined;
      let method = methods.get(property);
      if (!method) {
        method = (...args: unknown[]) => call(name, property, args, options);
        methods.set(property, method);
      }
      return method;
    },
  }) as NamespaceClient<T>;
}
