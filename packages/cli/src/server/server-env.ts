import { CliError, CliErrors } from '../cli/errors.js';

/** Server settings that come from the environment. */
export interface ServerEnv {
  /** `CORS_ALLOWED_ORIGINS`, split on commas, trimmed, empty entries dropped. */
  allowedOrigins: string[];
  /** `BLOCKS_TRUST_PROXY`. */
  trustProxy: boolean;
}

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['', '0', 'false', 'no', 'off']);

/** Reads {@link ServerEnv}; an unrecognised `BLOCKS_TRUST_PROXY` value is a usage error. */
export function readServerEnv(env: NodeJS.ProcessEnv): ServerEnv {
  const allowedOrigins = (env.CORS_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const rawTrust = (env.BLOCKS_TRUST_PROXY ?? '').trim().toLowerCase();
  if (!ON.has(rawTrust) && !OFF.has(rawTrust)) {
    throw new CliError(
      CliErrors.Usage,
      `Invalid BLOCKS_TRUST_PROXY "${env.BLOCKS_TRUST_PROXY}": use 1/true/yes/on or 0/false/no/off.`,
    );
  }
  return { allowedOrigins, trustProxy: ON.has(rawTrust) };
}
