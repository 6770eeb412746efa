import { invalidInput } from './errors.js';

/** Where and how to send, parsed from `BLOCKS_EMAIL_URL`. */
export type TransportConfig =
  | {
      kind: 'smtp';
      /** Implicit TLS from the first byte (`smtps://`); otherwise STARTTLS whenever the server offers it. */
      secure: boolean;
      host: string;
      port: number;
      user: string | undefined;
      password: string | undefined;
      /** Most pooled connections (`?pool=`, default 5). */
      maxConnections: number;
      /** Connection, greeting and socket timeout in ms (`?timeout=`, default 30000). */
      timeoutMs: number;
      /**
       * Refuse to send without TLS (D-26): STARTTLS is required for every relay not loopback by the
       * host as written, and with `?starttls=required`; never with `?tls=off`.
       */
      requireTls: boolean;
      /** `?tls=off`: plaintext on purpose to a relay that is not loopback (warned at start). */
      tlsOff: boolean;
      /** Extra trusted CA certificate file in PEM (`?ca=`), e.g. a company relay's own CA. */
      caFile: string | undefined;
    }
  | {
      kind: 'ses';
      region: string;
      /** SES API endpoint override (`?endpoint=`), e.g. a local emulator. */
      endpoint: string | undefined;
    }
  | { kind: 'mailbox' };

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const SMTP_OPTIONS = new Set(['pool', 'timeout', 'starttls', 'ca', 'tls']);

/**
 * Whether a relay is loopback by its host as written in the URL (D-26): `localhost`, an address in
 * 127.0.0.0/8 or `[::1]`. No name is resolved: what a name resolves to can change under an attacker.
 */
export function isLoopbackRelay(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host === '::1') return true;
  const octets = host.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}

function integer(value: string | null, name: string, min: number, max: number, fallback: number): number {
  if (value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalidInput(`BLOCKS_EMAIL_URL: '${name}' must be an integer from ${min} to ${max}`);
  }
  return n;
}

function parseSmtp(url: URL, secure: boolean): TransportConfig {
  if (!url.hostname) throw invalidInput('BLOCKS_EMAIL_URL: an smtp:// URL needs a host');
  for (const key of url.searchParams.keys()) {
    if (!SMTP_OPTIONS.has(key)) throw invalidInput(`BLOCKS_EMAIL_URL: unknown option '${key}'`);
  }
  const starttls = url.searchParams.get('starttls');
  if (starttls !== null && starttls !== 'required' && starttls !== 'auto') {
    throw invalidInput("BLOCKS_EMAIL_URL: 'starttls' must be 'auto' or 'required'");
  }
  const tls = url.searchParams.get('tls');
  if (tls !== null && tls !== 'off') throw invalidInput("BLOCKS_EMAIL_URL: 'tls' can only be 'off'");
  const tlsOff = tls === 'off';
  if (tlsOff && (secure || starttls === 'required')) {
    throw invalidInput("BLOCKS_EMAIL_URL: 'tls=off' contradicts smtps:// and 'starttls=required'");
  }
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  return {
    kind: 'smtp',
    secure,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    user,
    password,
    maxConnections: integer(url.searchParams.get('pool'), 'pool', 1, 100, 5),
    timeoutMs: integer(url.searchParams.get('timeout'), 'timeout', 100, 600_000, 30_000),
    requireTls: !secure && !tlsOff && (starttls === 'required' || !isLoopbackRelay(url.hostname)),
    tlsOff,
    caFile: url.searchParams.get('ca') ?? undefined,
  };
}

function parseSes(url: URL): TransportConfig {
  const region = url.hostname;
  if (!REGION.test(region)) {
    throw invalidInput('BLOCKS_EMAIL_URL: ses:// needs an AWS region, e.g. ses://eu-west-1');
  }
  for (const key of url.searchParams.keys()) {
    if (key !== 'endpoint') throw invalidInput(`BLOCKS_EMAIL_URL: unknown option '${key}'`);
  }
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(endpoint)) {
    throw invalidInput("BLOCKS_EMAIL_URL: 'endpoint' must be an http(s) URL");
  }
  return { kind: 'ses', region, endpoint };
}

/**
 * Parses a transport URL: `smtp://user:pass@host:port`, `smtps://…`, `ses://<region>`, or nothing
 * (undefined or empty) for the local mailbox. Errors name the problem, never the password.
 */
export function parseTransportUrl(raw: string | undefined): TransportConfig {
  const text = raw?.trim() ?? '';
  if (text === '' || text === 'mailbox:') return { kind: 'mailbox' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidInput('BLOCKS_EMAIL_URL is not a URL (expected smtp://, smtps:// or ses://)');
  }
  if (url.protocol === 'smtp:') return parseSmtp(url, false);
  if (url.protocol === 'smtps:') return parseSmtp(url, true);
  if (url.protocol === 'ses:') return parseSes(url);
  throw invalidInput(`BLOCKS_EMAIL_URL: unsupported scheme '${url.protocol}' (use smtp:, smtps: or ses:)`);
}

/** The transport for logs: scheme, user, host and port, never the password. */
export function describeTransport(config: TransportConfig): string {
  if (config.kind === 'mailbox') return 'the local mailbox';
  if (config.kind === 'ses')
    return `Amazon SES in ${config.region}${config.endpoint ? ` at ${config.endpoint}` : ''}`;
  const user = config.user ? `${encodeURIComponent(config.user)}@` : '';
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `${config.secure ? 'smtps' : 'smtp'}://${user}${host}:${config.port}`;
}
