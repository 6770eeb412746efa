/** A call on its way out, as request middleware sees it; middleware may change any field. */
export interface ClientRequest {
  apiNamespace: string;
  method: string;
  args: unknown[];
  headers: Record<string, string>;
}

/** What a request hook returns: a replacement request, or nothing when it changed `req` in place. */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that only mutates `req` returns nothing.
export type RequestHookResult = ClientRequest | undefined | void;

/** Hooks run around every call of every namespace client (R-1005). */
export interface ClientMiddleware {
  /** Runs before the request, in registration order; may mutate `req` or return a replacement. */
  onRequest?(req: ClientRequest): RequestHookResult | Promise<RequestHookResult>;
  /** Runs on each result, synchronously, in registration order; its return value replaces the result. */
  onResponse?(data: unknown): unknown;
}

const registry: ClientMiddleware[] = [];

/** Adds middleware for every later call; returns a function that removes it again. */
export function registerMiddleware(middleware: ClientMiddleware): () => void {
  if (typeof middleware !== 'object' || middleware === null) {
    throw new TypeError('registerMiddleware expects an object with onRequest and/or onResponse');
  }
  for (const hook of ['onRequest', 'onResponse'] as const) {
    if (middleware[hook] !== undefined && typeof middleware[hook] !== 'function') {
      throw new TypeError(`registerMiddleware: ${hook} must be a function`);
    }
  }
  registry.push(middleware);
  return () => {
    const at = registry.indexOf(middleware);
    if (at !== -1) registry.splice(at, 1);
  };
}

/** Removes every registered middleware. */
export function clearMiddleware(): void {
  registry.length = 0;
}

/** Runs the request hooks in order. */
export async function runRequestMiddleware(req: ClientRequest): Promise<ClientRequest> {
  let current = req;
  for (const middleware of registry) {
    if (!middleware.onRequest) continue;
    const replaced = await middleware.onRequest(current);
    if (replaced) current = replaced;
  }
  return current;
}

/** Runs the response hooks in order. */
export function runResponseMiddleware(data: unknown): unknown {
  let current = data;
  for (const middleware of registry) {
    if (middleware.onResponse) current = middleware.onResponse(current);
  }
  return current;
}
