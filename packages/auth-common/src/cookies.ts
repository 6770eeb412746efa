import type { AuthRequestContext } from './types.js';

/** The `SameSite` values the cookie policy uses. */
export type SameSite = 'Lax' | 'None';

/** Inputs of {@link resolveCookieSecurity}. */
export interface CookieSecurityInput {
  /** The API is called from another site (needs `SameSite=None`). */
  crossDomain: boolean;
  /** The request is plain local development (loopback, no TLS). */
  isLocalhost: boolean;
}

/** The security attributes of a session cookie. */
export interface CookieSecurity {
  sameSite: SameSite;
  secure: boolean;
  partitioned: boolean;
}

/**
 * The session cookie policy shared by auth blocks.
 *
 * - same site: `SameSite=Lax`, plus `Secure` unless local;
 * - cross domain: `SameSite=None; Secure` (browsers require `Secure` with `None`, and accept it on
 *   `http://localhost`), plus `Partitioned` (CHIPS) unless local.
 */
export function resolveCookieSecurity(input: CookieSecurityInput): CookieSecurity {
  if (input.crossDomain) return { sameSite: 'None', secure: true, partitioned: !input.isLocalhost };
  return { sameSite: 'Lax', secure: !input.isLocalhost, partitioned: false };
}

/**
 * Renders the policy as cookie attributes: `SameSite=<v>`, then `Secure`, then `Partitioned`, joined
 * by `; ` (e.g. `SameSite=Lax; Secure`).
 */
export function buildCookieSecurityAttrs(input: CookieSecurityInput): string {
  const security = resolveCookieSecurity(input);
  const parts = [`SameSite=${security.sameSite}`];
  if (security.secure) parts.push('Secure');
  if (security.partitioned) parts.push('Partitioned');
  return parts.join('; ');
}

const LOOPBACK = /^(https?:\/\/)?(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\/?$/i;

/** True when `hostOrOrigin` (`localhost:3001`, `http://127.0.0.1:8080`, `[::1]`) names a loopback host. */
export function isLoopbackHost(hostOrOrigin: string): boolean {
  return LOOPBACK.test(hostOrOrigin.trim());
}

/**
 * True when the request's `Origin` header (else its `Host` header) names a loopback host.
 *
 * Both headers are chosen by the client, so this is a hint for development tooling, not a security
 * decision: a client can send `Origin: http://localhost` from anywhere. AuthBasic does not use it for
 * the `Secure` attribute; it decides from how the request reached the server (see
 * {@link isLocalRequest}).
 */
export function isLoopbackRequest(context: { request: { headers: Headers } }): boolean {
  const headers = context.request.headers;
  return isLoopbackHost(headers.get('origin') ?? headers.get('host') ?? '');
}

/**
 * True when the request is plain local development: it did not arrive over HTTPS (the URL protocol
 * is `https:` for TLS, or for `X-Forwarded-Proto: https` from a trusted proxy) and its `Host` is a
 * loopback name. The client-supplied `Origin` plays no part. A hand-made context without
 * `request.url` (as apps' own unit tests build them) is a plain-HTTP request to loopback, unless its
 * `Host` header names another host.
 */
export function isLocalRequest(context: AuthRequestContext): boolean {
  const { url, headers } = context.request as Partial<AuthRequestContext['request']>;
  if (url?.protocol === 'https:') return false;
  return isLoopbackHost(headers?.get('host') ?? url?.host ?? 'localhost');
}
