/** The incoming request as a block sees it. */
export interface BlocksRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Request headers (WHATWG `Headers`). Read cookies from `headers.get('cookie')`. */
  readonly headers: Headers;
  /**
   * Absolute request URL. Its protocol is `https:` only when the request reached the server over TLS,
   * or its trusted `X-Forwarded-Proto` entry says `https` (D-21); its host is the trusted
   * `X-Forwarded-Host` entry when there is one.
   */
  readonly url: URL;
  /** Path parameters of a RawRoute (`{name}` and `*`); always empty for RPC calls. */
  readonly params: Readonly<Record<string, string>>;
  /** Raw body as a stream, or `null` when the request has no body. */
  readonly body: ReadableStream<Uint8Array> | null;
  /** Aborted when the client goes away (or a platform deadline passes). */
  readonly signal?: AbortSignal | undefined;
  /**
   * Address of the peer that sent the request: the socket's remote address, or, behind `n` trusted
   * proxies, the `n`-th `X-Forwarded-For` entry from the right (D-21). Empty when unknown.
   */
  readonly clientAddress: string;
  /** The raw body as text (UTF-8). */
  text(): Promise<string>;
  /** The raw body parsed as JSON; rejects on invalid JSON. */
  json(): Promise<unknown>;
}

/** The response a block writes to. */
export interface BlocksResponse {
  /**
   * Response headers, pre-seeded with `Content-Type: application/json`. Every
   * `headers.append('Set-Cookie', …)` value reaches the client as its own header line.
   */
  readonly headers: Headers;
  /** HTTP status of a successful response (default 200). */
  status: number;
  /** Sets the body; for RPC calls it replaces the method's return value as the JSON-RPC `result`. */
  send(body: unknown): void;
}

/** What an ApiNamespace handler and a RawRoute handler receive for each request. */
export interface BlocksContext {
  /** The incoming request. */
  readonly request: BlocksRequest;
  /** The response being built. */
  readonly response: BlocksResponse;
}
