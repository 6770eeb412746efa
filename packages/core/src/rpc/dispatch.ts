import { type AnyFunction, type ApiHandler, isApiNamespace } from '../api-namespace.js';
import { announcesTooLarge } from '../body.js';
import type { BlocksContext } from '../context.js';
import { IncomingBlocksRequest } from '../incoming-request.js';
import { logThrown } from '../log-thrown.js';
import { OutgoingBlocksResponse } from '../outgoing-response.js';
import { redact } from '../redact.js';
import type { RequestLog } from '../request-log.js';
import type { RequestSource } from '../request-source.js';
import { appendHeaders, isValidStatus, type WireResponse } from '../wire-response.js';
import {
  decodeCall,
  encodeError,
  encodeSuccess,
  encodeThrown,
  encodeTooLarge,
  invalidRequest,
  RpcErrorCodes,
  type RpcId,
  RpcMessages,
} from './codec.js';
import { redactArguments } from './param-names.js';

/** Options of {@link RpcEndpoint}. */
export interface RpcEndpointOptions {
  /** Show messages of non-ApiError throws (sandbox) instead of `Internal error` (production). */
  readonly revealInternal: boolean;
  /** Append `. Available: a, b` to "API not found" messages (sandbox). */
  readonly listAvailable: boolean;
  /** Body limit in bytes. */
  readonly maxBodyBytes: number;
  /** Request log. */
  readonly log: RequestLog | undefined;
}

const LOG_RESULT_LIMIT = 800;
const EMPTY_PARAMS: Readonly<Record<string, string>> = Object.freeze({});
const decoder = new TextDecoder();

function rpcHeaders(cors: readonly string[]): string[] {
  return ['content-type', 'application/json', 'cache-control', 'no-store', ...cors];
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const semicolon = value.indexOf(';');
  const type = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  return type === 'application/json';
}

function truncate(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function stringifyForLog(value: unknown): string {
  try {
    return JSON.stringify(redact(value)) ?? 'undefined';
  } catch {
    return '[unserializable]';
  }
}

/**
 * Finds the callable namespaces of a backend (D-01): exports that are ApiNamespaces, whose names do
 * not start with `_`. Everything else — other functions and objects, block instances — is not callable.
 */
function callableNamespaces(backend: Record<string, unknown>): Map<string, ApiHandler<object>> {
  const found = new Map<string, ApiHandler<object>>();
  for (const name of Object.keys(backend)) {
    if (name.startsWith('_')) continue;
    let value: unknown;
    try {
      value = backend[name];
    } catch {
      continue;
    }
    if (isApiNamespace(value)) found.set(name, value);
  }
  return found;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value instanceof Promise ||
    (value !== null &&
      (typeof value === 'object' || typeof value === 'function') &&
      typeof (value as { then?: unknown }).then === 'function')
  );
}

/** Answers `POST /aws-blocks/api`: decodes the JSON-RPC call, dispatches it and encodes the result. */
export class RpcEndpoint {
  readonly #namespaces: Map<string, ApiHandler<object>>;
  readonly #available: string;
  readonly #options: RpcEndpointOptions;

  constructor(backend: Record<string, unknown>, options: RpcEndpointOptions) {
    this.#namespaces = callableNamespaces(backend);
    this.#available = [...this.#namespaces.keys()].join(', ');
    this.#options = options;
  }

  /** Names of the callable namespaces. */
  get namespaces(): string[] {
    return [...this.#namespaces.keys()];
  }

  /** Handles one RPC request; `cors` are the CORS headers the response must carry. */
  async handle(source: RequestSource, cors: readonly string[]): Promise<WireResponse> {
    const { maxBodyBytes } = this.#options;
    if (!isJsonContentType(source.header('content-type'))) {
      return {
        status: 415,
        headers: rpcHeaders(cors),
        body: invalidRequest(null, RpcMessages.UnsupportedContentType),
      };
    }
    if (announcesTooLarge(source.header('content-length'), maxBodyBytes)) {
      return { status: 200, headers: rpcHeaders(cors), body: encodeTooLarge(maxBodyBytes) };
    }
    const read = await source.readBody(maxBodyBytes);
    if (read.kind === 'too-large') {
      return { status: 200, headers: rpcHeaders(cors), body: encodeTooLarge(maxBodyBytes) };
    }
    if (read.kind === 'failed') {
      return {
        status: 400,
        headers: rpcHeaders(cors),
        body: invalidRequest(null, 'Invalid Request: body could not be read'),
      };
    }
    const call = decodeCall(decoder.decode(read.bytes));
    if ('errorBody' in call) return { status: 200, headers: rpcHeaders(cors), body: call.errorBody };

    const { id, namespace, method, args } = call;
    const handler = this.#namespaces.get(namespace);
    if (!handler) {
      const suffix = this.#options.listAvailable ? `. Available: ${this.#available}` : '';
      const message = `Method not found: API '${namespace}' not found${suffix}`;
      return {
        status: 200,
        headers: rpcHeaders(cors),
        body: encodeError(id, RpcErrorCodes.MethodNotFound, message),
      };
    }

    const response = new OutgoingBlocksResponse();
    const context: BlocksContext = {
      request: new IncomingBlocksRequest(source, EMPTY_PARAMS, maxBodyBytes, read.bytes),
      response,
    };
    const label = `${namespace}.${method}`;
    let body: string;
    try {
      let methods: unknown = handler(context);
      if (methods instanceof Promise) methods = await methods;
      const fn =
        methods !== null && typeof methods === 'object' && Object.hasOwn(methods, method)
          ? (methods as Record<string, unknown>)[method]
          : undefined;
      if (typeof fn !== 'function') {
        const message = `Method not found: '${method}' on API '${namespace}'`;
        return {
          status: 200,
          headers: rpcHeaders(cors),
          body: encodeError(id, RpcErrorCodes.MethodNotFound, message),
        };
      }
      const log = this.#options.log;
      if (log?.info)
        log.info(`[rpc-call] ${label} ${JSON.stringify(redactArguments(fn as AnyFunction, args))}`);
      let result = (fn as (...values: unknown[]) => unknown).apply(methods, args);
      // A synchronous method's answer is used as it is: awaiting it would only cost a microtask turn.
      if (isThenable(result)) result = await result;
      if (response.sent) result = response.sentBody;
      if (!isValidStatus(response.status)) {
        throw new RangeError(`Invalid response status ${String(response.status)}: expected 200–599`);
      }
      body = encodeSuccess(id, result);
      if (log?.info) log.info(`[rpc-ok] ${label} ${truncate(stringifyForLog(result), LOG_RESULT_LIMIT)}`);
    } catch (error) {
      return this.#failure(id, label, error, cors);
    }
    const touched = response.touchedHeaders;
    if (!touched) return { status: response.status, headers: rpcHeaders(cors), body };
    const headers: string[] = [];
    appendHeaders(headers, touched, 'cache-control');
    headers.push('cache-control', 'no-store', ...cors);
    return { status: response.status, headers, body };
  }

  // Headers and cookies the method set before throwing are dropped.
  #failure(id: RpcId, label: string, error: unknown, cors: readonly string[]): WireResponse {
    logThrown(this.#options.log, `[rpc-err] ${label}`, error);
    const { code, message, data, retryAfter } = encodeThrown(error, this.#options.revealInternal);
    const headers = rpcHeaders(cors);
    if (retryAfter !== undefined) headers.push('retry-after', retryAfter);
    return { status: 200, headers, body: encodeError(id, code, message, data) };
  }
}
