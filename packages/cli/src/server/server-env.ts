import { CliError, CliErrors } from '../cli/errors.js';

/** Server settings that come from the environment. */
export interface ServerEnv {
  /** `CORS_ALLOWED_ORIGINS`, split on commas, trimmed, empty entries dropped. */
  allowedOrigins: string[];
  /** `BLOCKS_ALLOWED_HOSTS`, split the same way; `undefined` when unset or empty. */
  allowedHosts: string[] | undefined;
  /** `BLOCKS_TRUST_PROXY` as a number of trusted proxy hops (D-21); 0 when unset. */
  trustProxy: number;
}

const ON = new Set(['true', 'yes', 'on']);
const OFF = new Set(['', 'false', 'no', 'off']);
const MAX_HOPS = 32;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * Reads {@link ServerEnv}. `BLOCKS_TRUST_PROXY` is a hop count (`0`…`32`); `true`/`yes`/`on` mean
 * one hop and `false`/`no`/`off` none. Any other value is a usage error.
 */
export function readServerEnv(env: NodeJS.ProcessEnv): ServerEnv {
  const rawTrust = (env.BLOCKS_TRUST_PROXY ?? '').trim().toLowerCase();
  let trustProxy: number;
  if (ON.has(rawTrust)) trustProxy = 1;
  else if (OFF.has(rawTrust)) trustProxy = 0;
  else if (/^\d{1,2}$/.test(rawTrust) && Number(rawTrust) <= MAX_HOPS) trustProxy = Number(rawTrust);
  else {
    throw new CliError(
      CliErrors.Usage,
      `Invalid BLOCKS_TRUST_PROXY "${env.BLOCKS_TRUST_PROXY}": use the number of proxies in front of the server (0–${MAX_HOPS}).`,
    );
  }
  const hosts = list(env.BLOCKS_ALLOWED_HOSTS);
  return {
    allowedOrigins: list(env.CORS_ALLOWED_ORIGINS),
    allowedHosts: hosts.length > 0 ? hosts : undefined,
    trustProxy,
  };
}
