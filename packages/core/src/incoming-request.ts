import type { BlocksRequest } from './context.js';
import { payloadTooLargeError } from './payload-too-large.js';
import type { RequestSource } from './request-source.js';

const decoder = new TextDecoder();

/**
 * `request.headers.get(name)`. For requests the runtime made, the value is read from the source
 * without creating their `Headers` object (a block reading its cookie on every call need not pay for it).
 */
export function requestHeader(request: BlocksRequest, name: string): string | null {
  return request instanceof IncomingBlocksRequest ? request.headerValue(name) : request.headers.get(name);
}

/** {@link BlocksRequest} over a {@link RequestSource}; headers, URL and body stream are created on first use. */
export class IncomingBlocksRequest implements BlocksRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly #source: RequestSource;
  readonly #limit: number;
  #bytes: Promise<Uint8Array> | undefined;
  #headers: Headers | undefined;
  #url: URL | undefined;
  #clientAddress: string | undefined;
  #stream: ReadableStream<Uint8Array> | null | undefined;

  /** `preread` is the body when the handler already read it (RPC calls). */
  constructor(
    source: RequestSource,
    params: Readonly<Record<string, string>>,
    limit: number,
    preread?: Uint8Array,
  ) {
    this.#source = source;
    this.params = params;
    this.#limit = limit;
    if (preread) this.#bytes = Promise.resolve(preread);
  }

  get method(): string {
    return this.#source.method;
  }

  get headers(): Headers {
    this.#headers ??= this.#source.headers();
    return this.#headers;
  }

  /** `headers.get(name)`, without creating the `Headers` object while nobody has asked for it. */
  headerValue(name: string): string | null {
    return this.#headers ? this.#headers.get(name) : this.#source.headerValue(name);
  }

  get url(): URL {
    this.#url ??= this.#source.url();
    return this.#url;
  }

  get clientAddress(): string {
    this.#clientAddress ??= this.#source.clientAddress();
    return this.#clientAddress;
  }

  get signal(): AbortSignal | undefined {
    return this.#source.signal();
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#stream !== undefined) return this.#stream;
    const bytes = this.#bytes;
    if (bytes) {
      this.#stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          const value = await bytes;
          if (value.byteLength > 0) controller.enqueue(value);
          controller.close();
        },
      });
    } else {
      this.#stream = this.#source.bodyStream(this.#limit);
    }
    return this.#stream;
  }

  #read(): Promise<Uint8Array> {
    if (this.#bytes) return this.#bytes;
    if (this.#stream !== undefined) {
      return Promise.reject(new TypeError('The request body was already taken as a stream'));
    }
    const limit = this.#limit;
    this.#bytes = this.#source.readBody(limit).then((read) => {
      if (read.kind === 'ok') return read.bytes;
      if (read.kind === 'too-large') throw payloadTooLargeError(limit);
      throw read.error;
    });
    return this.#bytes;
  }

  async text(): Promise<string> {
    return decoder.decode(await this.#read());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}
