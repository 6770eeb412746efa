/** The hosts the sandbox always answers for (D-20). */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

import { CoreErrors, coreError } from './core-errors.js';
import { errorAnswer } from './error-answer.js';

/** The error answering a request for a host that is not allowed (421, D-20). */
export function hostNotAllowed(): Error {
  return coreError(
    CoreErrors.HostNotAllowed,
    'Misdirected Request: this server does not answer for that Host',
  );
}

/** The body of the 421 answer to a request for a host that is not allowed. */
export const MISDIRECTED_BODY = errorAnswer(hostNotAllowed(), { rpc: false, revealInternal: false }).body;

/** The host name of a `Host` value, lower-cased and without its port (`[::1]:3001` → `[::1]`). */
export function hostName(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) {
    const close = lower.indexOf(']');
    return close === -1 ? lower : lower.slice(0, close + 1);
  }
  const colon = lower.indexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

/** Brackets a bare IPv6 address (`::1` → `[::1]`), as it appears in a `Host` header. */
function asHostEntry(entry: string): string {
  const lower = entry.trim().toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') && lower.split(':').length > 2 ? `[${lower}]` : lower;
}

/**
 * The Host allowlist (D-20), the defence against DNS rebinding: a page on `evil.example` whose name
 * is re-pointed to 127.0.0.1 reaches the server same-origin, but its requests still say
 * `Host: evil.example`. An entry is a host name (any port) or `name:port` (that port only).
 */
export class HostPolicy {
  readonly #names = new Set<string>();
  readonly #hostPorts = new Set<string>();

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = asHostEntry(raw);
      if (entry.length === 0) continue;
      if (hostName(entry) === entry) this.#names.add(entry);
      else this.#hostPorts.add(entry);
    }
  }

  /** Whether a request addressed to `host` (a `Host` header value) may be answered. */
  allows(host: string | undefined): boolean {
    if (!host) return false;
    const lower = host.trim().toLowerCase();
    return this.#names.has(hostName(lower)) || this.#hostPorts.has(lower);
  }
}
