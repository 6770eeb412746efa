import { forwardedEntry } from '@blockyard/core/internal';
import type { HttpEventV2 } from './lambda-event.js';

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
 * Turns a payload 2.0 event into a Web `Request`: `cookies` back into one `Cookie` header, a base64
 * body decoded, the URL `https://<host><path>?<query>` (the gateway only speaks HTTPS). The client
 * address is the gateway's `sourceIp` unless more proxies are trusted (`trustProxy` > 1), and
 * `X-Forwarded-Host`/`-Proto` are read only when `trustProxy` > 1 (D-21), entry by entry as core
 * reads them: the gateway appends its own entry to `X-Forwarded-For` and `-Proto` but not to
 * `-Host`, so that one counts a hop fewer. `signal` becomes the request's (the deadline guard's).
 */
export function eventToRequest(
  event: HttpEventV2,
  trustProxy: number,
  signal?: AbortSignal,
): ConvertedRequest {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers.set(name, value);
  }
  if (event.cookies && event.cookies.length > 0) headers.set('cookie', event.cookies.join('; '));
  const forwardedHost =
    trustProxy > 1 ? forwardedEntry(headers.get('x-forwarded-host'), trustProxy - 1) : undefined;
  const host = forwardedHost || headers.get('host') || event.requestContext.domainName || 'localhost';
  const proto =
    trustProxy > 1 && forwardedEntry(headers.get('x-forwarded-proto'), trustProxy)?.toLowerCase() === 'http'
      ? 'http'
      : 'https';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const method = event.requestContext.http.method.toUpperCase();
  const hasBody = event.body !== undefined && event.body !== null && method !== 'GET' && method !== 'HEAD';
  const body = hasBody
    ? event.isBase64Encoded
      ? Buffer.from(event.body as string, 'base64')
      : Buffer.from(event.body as string, 'utf8')
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
      ? (forwardedEntry(headers.get('x-forwarded-for'), trustProxy) ?? gatewayPeer)
      : gatewayPeer;
  return { request, clientAddress, host };
}
