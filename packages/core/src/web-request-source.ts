import { type BodyRead, EMPTY_BODY, readWebStream } from './body.js';
import { firstForwarded } from './forwarded.js';
import type { FetchInfo } from './handler-options.js';
import { limitStream } from './limit-stream.js';
import type { RequestSource } from './request-source.js';

/** A {@link RequestSource} over a Web `Request` (the `handler.fetch` path). */
export class WebRequestSource implements RequestSource {
  readonly method: string;
  readonly pathname: string;
  readonly #request: Request;
  readonly #info: FetchInfo | undefined;
  readonly #trustProxy: boolean;
  readonly #url: URL;
  #used = false;

  constructor(request: Request, info: FetchInfo | undefined, trustProxy: boolean) {
    this.#request = request;
    this.#info = info;
    this.#trustProxy = trustProxy;
    this.#url = new URL(request.url);
    if (trustProxy && firstForwarded(request.headers.get('x-forwarded-proto'))?.toLowerCase() === 'https') {
      this.#url.protocol = 'https:';
    }
    this.method = request.method.toUpperCase();
    this.pathname = this.#url.pathname;
  }

  header(name: string): string | undefined {
    return this.#request.headers.get(name) ?? undefined;
  }

  headers(): Headers {
    return this.#request.headers;
  }

  url(): URL {
    return new URL(this.#url);
  }

  selfOrigin(): string {
    return this.#url.origin;
  }

  clientAddress(): string {
    const forwarded = this.#trustProxy
      ? firstForwarded(this.#request.headers.get('x-forwarded-for'))
      : undefined;
    return forwarded ?? this.#info?.clientAddress ?? '';
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
