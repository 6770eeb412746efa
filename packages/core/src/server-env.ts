import { OptionsError } from './options-check.js';

/** The server settings a deployment gives through the environment (`blockyard start`, Lambda). */
export interface ServerEnv {
  /** `CORS_ALLOWED_ORIGINS`, split on commas, trimmed, empty entries dropped (D-05). */
  allowedOrigins: string[];
  /** `BLOCKS_ALLOWED_HOSTS`, split the same way; `undefined` when unset or empty (D-20). */
  allowedHosts: string[] | undefined;
  /** `BLOCKS_TRUST_PROXY` as a number of trusted proxy hops (D-21). */
  trustProxy: number;
  /** `BLOCKS_TRUST_FORWARDED_HOST`: whether the trusted hops' `X-Forwarded-Host` is read (D-21). */
  trustForwardedHost: boolean;
}

/** Options of {@link readServerEnv}. */
export interface ReadServerEnvOptions {
  /** Hops trusted when `BLOCKS_TRUST_PROXY` is unset (0; the Lambda adapter's gateway is 1). */
  defaultHops?: number;
}

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['0', 'false', 'no', 'off']);
const MAX_HOPS = 32;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function trustProxyOf(raw: string | undefined, defaultHops: number): number {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return defaultHops;
  if (/^\d{1,2}$/.test(value) && Number(value) <= MAX_HOPS) return Number(value);
  if (ON.has(value)) return 1;
  if (OFF.has(value)) return 0;
  throw new OptionsError(
    `Invalid BLOCKS_TRUST_PROXY "${raw}": use the number of proxies in front of the server (0–${MAX_HOPS}).`,
  );
}

function switchOf(name: string, raw: string | undefined): boolean {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || OFF.has(value)) return false;
  if (ON.has(value)) return true;
  throw new OptionsError(`Invalid ${name} "${raw}": use 1 to turn it on, 0 to leave it off.`);
}

/**
 * The one reader of the server environment, shared by the CLI and the Lambda adapter.
 * `BLOCKS_TRUST_PROXY` is a hop count (`0`…`32`; `true`/`yes`/`on` mean one hop, `false`/`no`/`off`
 * none); `BLOCKS_TRUST_FORWARDED_HOST` is `1`/`0` (or `true`/`false`…). Any other value throws an
 * {@link OptionsError} naming the setting: a deployment mistake is not guessed around.
 */
export function readServerEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: ReadServerEnvOptions = {},
): ServerEnv {
  const hosts = list(env.BLOCKS_ALLOWED_HOSTS);
  return {
    allowedOrigins: list(env.CORS_ALLOWED_ORIGINS),
    allowedHosts: hosts.length > 0 ? hosts : undefined,
    trustProxy: trustProxyOf(env.BLOCKS_TRUST_PROXY, options.defaultHops ?? 0),
    trustForwardedHost: switchOf('BLOCKS_TRUST_FORWARDED_HOST', env.BLOCKS_TRUST_FORWARDED_HOST),
  };
}
