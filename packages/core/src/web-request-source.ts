import { type BodyRead, EMPTY_BODY, readWebStream } from './body.js';
import { forwardedClient, forwardedEntry, forwardedHost } from './forwarded.js';
import type { FetchInfo } from './handler-options.js';
import { limitStream } from './limit-stream.js';
import type { RequestSource } from './request-source.js';

/** A {@link RequestSource} over a Web `Request` (the `handler.fetch` path). */
export class WebRequestSource implements RequestSource {
  readonly method: string;
  readonly pathname: string;
  readonly #request: Request;
  readonly #info: FetchInfo | undefined;
  readonly #hops: number;
  readonly #url: URL;
  #used = false;

  /**
   * `hops`: how many proxies in front of the server are trusted (D-21); 0 trusts none.
   * `trustForwardedHost`: whether their `X-Forwarded-Host` is read.
   */
  constructor(request: Request, info: FetchInfo | undefined, hops: number, trustForwardedHost = false) {
    this.#request = request;
    this.#info = info;
    this.#hops = hops;
    this.#url = new URL(request.url);
    if (forwardedEntry(request.headers.get('x-forwarded-proto'), hops)?.toLowerCase() === 'https') {
      this.#url.protocol = 'https:';
    }
    const trustedHost = forwardedHost(request.headers.get('x-forwarded-host'), hops, trustForwardedHost);
    if (trustedHost) {
      try {
        this.#url.host = trustedHost;
      } catch {
        // An unusable forwarded host leaves the request's own.
      }
    }
    this.method = request.method.toUpperCase();
    this.pathname = this.#url.pathname;
  }

  header(name: string): string | undefined {
    return this.#request.headers.get(name) ?? undefined;
  }

  headerValue(name: string): string | null {
    return this.#request.headers.get(name);
  }

  headers(): Headers {
    return this.#request.headers;
  }

  url(): URL {
    return new URL(this.#url);
  }

  host(): string {
    return this.#url.host;
  }

  selfOrigin(): string {
    return this.#url.origin;
  }

  clientAddress(): string {
    return (
      forwardedClient(this.#request.headers.get('x-forwarded-for'), this.#hops) ??
      this.#info?.clientAddress ??
      ''
    );
  }

  readBody(limit: number): Promise<BodyRead> {
    const body = this.#take();
    return body ? readWebStream(body, limit) : Promise.resolve(EMPTY_BODY);
  }

  bodyStream(limit: number): ReadableStream<Uint8Array> | null {
    const body = this.#take();
    return body ? limitStream(body, limit) : null;
  }

  signal(): AbortSignal | undefined {
    return this.#request.signal;
  }

  #take(): ReadableStream<Uint8Array> | null {
    if (this.#used) throw new TypeError('The request body was already read');
    this.#used = true;
    return this.#request.body;
  }
}
