import { AUTH_BASIC_DEFAULTS } from '../options.js';

/** Options of the sign-in lockout (D-14). */
export interface LockoutOptions {
  /** Consecutive failed sign-ins of a username before it is locked (default 5). */
  maxFailures?: number;
  /** Length of the first lock, in seconds; each further failure doubles it (default 1). */
  baseSeconds?: number;
  /** Longest lock, in seconds (default 900). */
  maxSeconds?: number;
  /** Failed sign-ins allowed from one client address per window, across usernames (default 100). */
  maxAddressFailures?: number;
  /** Length of the per-address window, in seconds (default 900). */
  addressWindowSeconds?: number;
  /**
   * Failed sign-ins one device cookie may make while its account is locked, after which the cookie is
   * void (default 3).
   */
  deviceMaxFailures?: number;
  /** Lifetime of the device cookie a successful sign-in sets, in seconds (default 2592000, 30 days). */
  deviceCookieSeconds?: number;
}

/** {@link LockoutOptions} with every default applied. */
export type ResolvedLockout = Required<LockoutOptions>;

/** The defaults of {@link LockoutOptions} (from the one table of AuthBasic's defaults). */
export const DEFAULT_LOCKOUT: ResolvedLockout = AUTH_BASIC_DEFAULTS.lockout;

/**
 * How long a username is locked after its `failures`-th consecutive failure:
 * `baseSeconds * 2^(failures - maxFailures)` once `failures >= maxFailures`, capped at `maxSeconds`;
 * `0` below the threshold.
 */
export function lockoutSeconds(failures: number, options: ResolvedLockout): number {
  if (failures < options.maxFailures) return 0;
  const exponent = Math.min(failures - options.maxFailures, 52);
  return Math.min(options.maxSeconds, options.baseSeconds * 2 ** exponent);
}
