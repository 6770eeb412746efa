import { buildCookieSecurityAttrs, isLocalRequest } from '@blockyard/auth-common';
import type { BlocksContext } from '@blockyard/core';
import { requestHeader } from '@blockyard/core/block';
import { readCookie, replaceSetCookie } from './cookie-header.js';

/**
 * Writes and reads AuthBasic's cookies: the session cookie `auth_<fullId>`, the pending-flow
 * cookie `auth_<fullId>_flow` that lets a reload resume a confirmation step (D-16), and the device
 * cookie `auth_<fullId>_device` that lets its holder past a username lock (D-14).
 *
 * Security attributes follow the shared policy with one difference (D-06): whether the request
 * is "local" — and so may get a cookie without `Secure` — is decided by how it reached the server (its
 * URL protocol, `https:` over TLS or behind a trusted proxy), never by `Origin`. In the sandbox
 * (`BLOCKS_STAGE=sandbox`) that is all: plain HTTP gets no `Secure`, whatever the `Host`, so an
 * emulator or a phone reaching the sandbox by `10.0.2.2` or a LAN address keeps its session. Otherwise
 * (`blockyard start`, AWS) a non-loopback `Host` gets `Secure` as well.
 */
export class SessionCookies {
  /** Name of the session cookie. */
  readonly sessionName: string;
  /** Name of the pending-flow cookie. */
  readonly flowName: string;
  /** Name of the device cookie. */
  readonly deviceName: string;

  constructor(
    fullId: string,
    private readonly crossDomain: boolean,
  ) {
    this.sessionName = `auth_${fullId}`;
    this.flowName = `auth_${fullId}_flow`;
    this.deviceName = `auth_${fullId}_device`;
  }

  /** The session token the request carries, or `null`. */
  readSession(context: BlocksContext): string | null {
    return readCookie(requestHeader(context.request, 'cookie'), this.sessionName);
  }

  /** The pending-flow token the request carries, or `null`. */
  readFlow(context: BlocksContext): string | null {
    return readCookie(requestHeader(context.request, 'cookie'), this.flowName);
  }

  /** The device token the request carries, or `null`. */
  readDevice(context: BlocksContext): string | null {
    return readCookie(requestHeader(context.request, 'cookie'), this.deviceName);
  }

  /** `auth_<fullId>=<token>; HttpOnly; <security>; Max-Age=<seconds>; Path=/`. */
  setSession(context: BlocksContext, token: string, maxAgeSeconds: number): void {
    this.set(this.sessionName, context, token, maxAgeSeconds);
  }

  /** `auth_<fullId>=; Max-Age=0; Path=/; HttpOnly; <security>` (R-630, keeping HttpOnly per D-08). */
  clearSession(context: BlocksContext): void {
    replaceSetCookie(context.response.headers, this.clearing(this.sessionName, context));
  }

  /** Sets the pending-flow cookie, same attributes as the session cookie. */
  setFlow(context: BlocksContext, token: string, maxAgeSeconds: number): void {
    this.set(this.flowName, context, token, maxAgeSeconds);
  }

  /** Sets the device cookie, same attributes as the session cookie. */
  setDevice(context: BlocksContext, token: string, maxAgeSeconds: number): void {
    this.set(this.deviceName, context, token, maxAgeSeconds);
  }

  /** Clears the device cookie when the request carries one. */
  clearDevice(context: BlocksContext): void {
    if (this.readDevice(context) === null) return;
    replaceSetCookie(context.response.headers, this.clearing(this.deviceName, context));
  }

  /** Clears the pending-flow cookie when the request carries one. */
  clearFlow(context: BlocksContext): void {
    if (this.readFlow(context) === null) return;
    replaceSetCookie(context.response.headers, this.clearing(this.flowName, context));
  }

  private set(name: string, context: BlocksContext, token: string, maxAgeSeconds: number): void {
    replaceSetCookie(
      context.response.headers,
      `${name}=${token}; HttpOnly; ${this.attrs(context)}; Max-Age=${maxAgeSeconds}; Path=/`,
    );
  }

  private clearing(name: string, context: BlocksContext): string {
    return `${name}=; Max-Age=0; Path=/; HttpOnly; ${this.attrs(context)}`;
  }

  private attrs(context: BlocksContext): string {
    return buildCookieSecurityAttrs({ crossDomain: this.crossDomain, isLocalhost: plainHttp(context) });
  }
}

/** Whether a cookie may go without `Secure` on this request (D-06, see {@link SessionCookies}). */
function plainHttp(context: BlocksContext): boolean {
  if (process.env.BLOCKS_STAGE === 'sandbox') {
    // A hand-made context without `request.url` (apps' unit tests) is plain HTTP, as isLocalRequest says.
    const { url } = context.request as { url?: URL };
    return url?.protocol !== 'https:';
  }
  return isLocalRequest(context);
}
