import { forwardedClient, forwardedEntry, forwardedHost } from '@blockyard/core/internal';
import type { HttpEventV2 } from './lambda-event.js';

/** How far the adapter believes forwarding headers (D-21), from the server environment. */
export interface EventTrust {
  /** Proxy hops trusted in `X-Forwarded-For`; the gateway is one. */
  trustProxy: number;
  /** Read `X-Forwarded-Host` from the hops in front of the gateway (`BLOCKS_TRUST_FORWARDED_HOST`). */
  trustForwardedHost?: boolean;
}

/** A Web `Request` built from an event, and what a `Request` cannot carry. */
export interface ConvertedRequest {
  request: Request;
  /** The client's address after D-21: the `trustProxy`-th entry from the right of `X-Forwarded-For`. */
  clientAddress: string;
  /** The `Host` the request named, port included when it had one (for the host allowlist, D-20). */
  host: string;
}

/** The path the app sees: a named stage's prefix (`/prod/...`) is dropped, `$default` has none. */
function appPath(event: HttpEventV2): string {
  const stage = event.requestContext.stage;
  const path = event.rawPath || '/';
  if (stage && stage !== '$default' && (path === `/${stage}` || path.startsWith(`/${stage}/`))) {
    return path.slice(stage.length + 1) || '/';
  }
  return path;
}

/**
 * A header value as the Node adapter carries it: Node reads header bytes one character per byte, so a
 * value the gateway decoded from UTF-8 (`Łódź`, a `\ufffd` cookie) goes back to its bytes, one
 * character each — what `Headers` can hold (nothing above U+00FF), and what a block reading the same
 * request under `blockyard start` sees.
 */
function asHeaderBytes(value: string): string {
  // Printable ASCII (and tab) is the same either way; anything else is re-read as its UTF-8 bytes.
  return /[^\t -~]/.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
}

/** Adds a header, leaving out what `Headers` cannot represent (a bad name, NUL, CR or LF in a value). */
function appendHeader(headers: Headers, name: string, value: string): void {
  try {
    headers.append(name, asHeaderBytes(value));
  } catch {
    // Left out, as the Node adapter leaves out what Fetch refuses.
  }
}

/**
 * Turns a payload 2.0 event into a Web `Request`: `cookies` back into one `Cookie` header, a base64
 * body decoded, the URL `https://<host><path>?<query>` (the gateway only speaks HTTPS). The client
 * address is the gateway's `sourceIp` unless more proxies are trusted (`trustProxy` > 1), and
 * `X-Forwarded-Proto` is read only then, `X-Forwarded-Host` only with `trustForwardedHost` too (D-21),
 * entry by entry as core reads them: the gateway appends its own entry to `X-Forwarded-For` and
 * `-Proto` but not to `-Host`, so that one counts a hop fewer. `signal` becomes the request's (the
 * deadline guard's). Header values never make it throw; a malformed event (see `malformedEvent`) is
 * turned away before this is called, and what `Request` still refuses throws a `TypeError`.
 */
export function eventToRequest(
  event: HttpEventV2,
  trust: EventTrust | number,
  signal?: AbortSignal,
): ConvertedRequest {
  const { trustProxy, trustForwardedHost = false } =
    typeof trust === 'number' ? { trustProxy: trust } : trust;
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (typeof value === 'string') appendHeader(headers, name, value);
  }
  const cookies = (event.cookies ?? []).filter((cookie) => typeof cookie === 'string');
  if (cookies.length > 0) {
    headers.delete('cookie');
    appendHeader(headers, 'cookie', cookies.join('; '));
  }
  const trustedHost =
    trustProxy > 1
      ? forwardedHost(headers.get('x-forwarded-host'), trustProxy - 1, trustForwardedHost)
      : undefined;
  const host = trustedHost || headers.get('host') || event.requestContext.domainName || 'localhost';
  const proto =
    trustProxy > 1 && forwardedEntry(headers.get('x-forwarded-proto'), trustProxy)?.toLowerCase() === 'http'
      ? 'http'
      : 'https';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const method = event.requestContext.http.method.toUpperCase();
  const hasBody = typeof event.body === 'string' && method !== 'GET' && method !== 'HEAD';
  const body = hasBody
    ? Buffer.from(event.body as string, event.isBase64Encoded === true ? 'base64' : 'utf8')
    : undefined;
  const request = new Request(`${proto}://${host}${appPath(event)}${query}`, {
    method,
    headers,
    ...(body ? { body } : {}),
    ...(signal ? { signal } : {}),
  });
  const gatewayPeer = event.requestContext.http.sourceIp ?? '';
  const clientAddress =
    trustProxy > 1
      ? (forwardedClient(headers.get('x-forwarded-for'), trustProxy) ?? gatewayPeer)
      : gatewayPeer;
  return { request, clientAddress, host };
}
