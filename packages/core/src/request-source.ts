import type { BodyRead } from './body.js';

/**
 * The handler's internal view of an incoming request. `handler.fetch` builds one from a Web
 * `Request`, the Node adapter builds one straight from `IncomingMessage`, so the Node fast path
 * creates `Headers`, `URL` and body streams only when a block asks for them.
 */
export interface RequestSource {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path as a WHATWG URL parser would report it (`URL#pathname`). */
  readonly pathname: string;
  /** A header value by lower-case name (several values joined), or `undefined`. */
  header(name: string): string | undefined;
  /**
   * What `headers().get(name)` answers (Fetch semantics: repeated fields joined), without building
   * the `Headers` object when the source can avoid it.
   */
  headerValue(name: string): string | null;
  /** All request headers. */
  headers(): Headers;
  /** The absolute request URL (protocol per TLS / trusted `X-Forwarded-Proto`). */
  url(): URL;
  /** The host the request was addressed to: the trusted `X-Forwarded-Host`, else `Host`, else `''`. */
  host(): string;
  /** `<protocol>//<host>` of the request as addressed, for same-origin checks. */
  selfOrigin(): string;
  /** The client address (socket peer, or the trusted `X-Forwarded-For` entry, D-21). */
  clientAddress(): string;
  /** Reads the whole body, refusing as soon as it passes `limit` bytes. */
  readBody(limit: number): Promise<BodyRead>;
  /** The body as a stream that errors once it passes `limit` bytes, or `null` when there is none. */
  bodyStream(limit: number): ReadableStream<Uint8Array> | null;
  /** A signal aborted when the client goes away, if the platform offers one. */
  signal(): AbortSignal | undefined;
}
