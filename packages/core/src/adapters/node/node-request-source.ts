import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { BODY_TOO_LARGE, type BodyRead } from '../../body.js';
import { forwardedClient, forwardedEntry, forwardedHost } from '../../forwarded.js';
import { payloadTooLargeError } from '../../payload-too-large.js';
import type { RequestSource } from '../../request-source.js';
import { drainRequest } from './drain-request.js';
import { lookupRawHeader, nodeRequestHeaders } from './node-request-headers.js';
import { targetPathname } from './request-path.js';

function ignore(): void {}

function headerText(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
}

/**
 * The host a Node request is addressed to: its `Host`, or the trusted `X-Forwarded-Host` entry when
 * the operator trusts that header (D-21 amended). What the Host allowlist (D-20) judges.
 */
export function nodeRequestHost(req: IncomingMessage, hops: number, trustForwardedHost: boolean): string {
  return (
    forwardedHost(headerText(req.headers['x-forwarded-host']), hops, trustForwardedHost) ??
    req.headers.host ??
    ''
  );
}

/**
 * A {@link RequestSource} reading straight from `IncomingMessage`: no `Headers`, `URL` or stream is
 * created unless a block asks for it. The body is read at most once, with the limit enforced per
 * chunk: past it, the rest is read and dropped, bounded ({@link drainRequest}).
 */
export class NodeRequestSource implements RequestSource {
  readonly method: string;
  readonly pathname: string;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #hops: number;
  readonly #trustForwardedHost: boolean;
  #claimed = false;
  #controller: AbortController | undefined;

  /**
   * `hops`: how many proxies in front of the server are trusted (D-21); 0 trusts none.
   * `trustForwardedHost`: whether their `X-Forwarded-Host` is read.
   */
  constructor(req: IncomingMessage, res: ServerResponse, hops: number, trustForwardedHost = false) {
    this.#req = req;
    this.#res = res;
    this.#hops = hops;
    this.#trustForwardedHost = trustForwardedHost;
    this.method = req.method ?? 'GET';
    this.pathname = targetPathname(req.url ?? '/');
  }

  header(name: string): string | undefined {
    return headerText(this.#req.headers[name]);
  }

  headerValue(name: string): string | null {
    const found = lookupRawHeader(this.#req.rawHeaders, name);
    return found !== undefined ? found : this.headers().get(name);
  }

  headers(): Headers {
    return nodeRequestHeaders(this.#req);
  }

  #protocol(): string {
    if ((this.#req.socket as Partial<TLSSocket>).encrypted === true) return 'https:';
    if (forwardedEntry(this.header('x-forwarded-proto'), this.#hops)?.toLowerCase() === 'https') {
      return 'https:';
    }
    return 'http:';
  }

  host(): string {
    return nodeRequestHost(this.#req, this.#hops, this.#trustForwardedHost);
  }

  selfOrigin(): string {
    return `${this.#protocol()}//${this.host() || 'localhost'}`;
  }

  url(): URL {
    const target = this.#req.url ?? '/';
    const absolute = target.startsWith('/') ? `${this.selfOrigin()}${target}` : target;
    try {
      return new URL(absolute);
    } catch {
      return new URL(
        target.startsWith('/') ? `${this.#protocol()}//localhost${target}` : 'http://localhost/',
      );
    }
  }

  clientAddress(): string {
    return (
      forwardedClient(this.header('x-forwarded-for'), this.#hops) ?? this.#req.socket.remoteAddress ?? ''
    );
  }

  #claim(): void {
    if (this.#claimed) throw new TypeError('The request body was already read');
    this.#claimed = true;
    // Without a listener an abort is silent; with one, it must never become an unhandled 'error'.
    this.#req.on('error', ignore);
  }

  readBody(limit: number): Promise<BodyRead> {
    this.#claim();
    const req = this.#req;
    return new Promise<BodyRead>((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const settle = (result: BodyRead): void => {
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('close', onClose);
        req.off('error', onError);
        resolve(result);
      };
      const onData = (chunk: Buffer): void => {
        size += chunk.length;
        if (size > limit) {
          settle(BODY_TOO_LARGE);
          drainRequest(req);
          return;
        }
        chunks.push(chunk);
      };
      // A whole body leaves the listeners in place (the request emits nothing more that they would
      // act on, and it is dropped with its answer): removing four listeners per request is measurable.
      let done = false;
      const onEnd = (): void => {
        done = true;
        resolve({
          kind: 'ok',
          bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
        });
      };
      const onClose = (): void => {
        if (!done) settle({ kind: 'failed', error: new Error('The client closed the request') });
      };
      const onError = (error: unknown): void => {
        if (!done) settle({ kind: 'failed', error });
      };
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('close', onClose);
      req.on('error', onError);
    });
  }

  bodyStream(limit: number): ReadableStream<Uint8Array> | null {
    const req = this.#req;
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)
      return null;
    this.#claim();
    let size = 0;
    let open = true;
    const detach = (): void => {
      open = false;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
    };
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        detach();
        drainRequest(req);
        controller.error(payloadTooLargeError(limit));
        return;
      }
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if ((controller.desiredSize ?? 1) <= 0) req.pause();
    };
    const onEnd = (): void => {
      detach();
      controller.close();
    };
    const onClose = (): void => {
      if (!open) return;
      detach();
      controller.error(new Error('The client closed the request'));
    };
    return new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        req.on('data', onData);
        req.on('end', onEnd);
        req.on('close', onClose);
      },
      pull() {
        if (open) req.resume();
      },
      cancel: () => {
        if (!open) return;
        detach();
        drainRequest(req);
      },
    });
  }

  signal(): AbortSignal | undefined {
    if (!this.#controller) {
      const controller = new AbortController();
      this.#controller = controller;
      const res = this.#res;
      const abort = (): void => {
        if (!res.writableFinished) controller.abort(new DOMException('The client went away', 'AbortError'));
      };
      if (res.destroyed) abort();
      else res.once('close', abort);
    }
    return this.#controller.signal;
  }
}
