import { isIntegerIn, optionsCheck, warnUnknownOptions } from '@blockyard/core/block';
import type { KvEngine } from '@blockyard/kv-store';
import type { AuthEventHandler, AuthLogger } from './events.js';
import { jsonLineLogger } from './events.js';
import type { PasswordPolicy, ResolvedPasswordPolicy } from './password/password-policy.js';
import type { LockoutOptions, ResolvedLockout } from './throttle/lockout.js';

/**
 * Delivers a verification code to the user (e-mail, SMS, …). `purpose` says whether it confirms a
 * sign-up or a password reset. It is called from the durable outbox right after the answer (D-15),
 * never while a request waits; a throw or rejection is retried with backoff and reported as a
 * `codeDeliveryFailed` event — except an error carrying `permanent: true` (an own property: the same
 * delivery would fail again, e.g. a recipient the mail server refuses), which is given up at once.
 *
 * A delivery may carry `validateUsername(username)`: sign-up calls it with the canonical username
 * before anything is stored, and it throws (an `ApiError`, whose name the caller sees) for a username
 * the delivery could never reach — `emailCodeDelivery` refuses names that are not e-mail addresses.
 */
export type CodeDeliveryFn = ((
  username: string,
  code: string,
  purpose: 'signup' | 'reset',
) => void | Promise<void>) & {
  validateUsername?: (username: string) => void;
};

/** Whether a `codeDelivery` failure is marked permanent (`permanent: true`), so retrying is pointless. */
export function isPermanentDeliveryError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}

/** Options of `new AuthBasic(scope, id, options)`. */
export interface AuthBasicOptions {
  /** Session lifetime in seconds (default 86400). */
  sessionDuration?: number;
  /** Rules for new passwords. */
  passwordPolicy?: PasswordPolicy;
  /** Enables code-confirmed sign-up and password reset. */
  codeDelivery?: CodeDeliveryFn;
  /** The API is called from another site: `SameSite=None; Secure` (plus `Partitioned` when not local). */
  crossDomain?: boolean;
  /** Receives structured log lines (default: JSON lines on stdout/stderr). */
  logger?: AuthLogger;
  /** Keep usernames case-sensitive (default false: they are lower-cased). */
  usernameCaseSensitive?: boolean;
  /**
   * With `codeDelivery`: answer sign-up of a taken username like a new one and deliver nothing
   * (default true).
   */
  preventUserExistenceErrors?: boolean;
  /** Brute-force bounds of sign-in. */
  lockout?: LockoutOptions;
  /** Wrong tries a verification code survives (default 5). */
  codeAttempts?: number;
  /** Seconds between two code deliveries for one user and purpose (default 60). */
  codeResendSeconds?: number;
  /**
   * Wrong codes allowed for one user and purpose in any 24 h (rolling), across re-sent codes, counted
   * only while a code is pending (default 3 × `codeAttempts`); past it, confirmation answers
   * TooManyAttemptsException until the oldest of them is 24 h old.
   */
  codeFailureLimit?: number;
  /**
   * Seconds one `codeDelivery` call may take before another attempt (by any instance) may start
   * (default 30); a delivery outlasting it may be repeated with a new code.
   */
  codeDeliveryTimeoutSeconds?: number;
  /**
   * Seconds a pending (unconfirmed) account is held for whoever signed it up (default 86400): until
   * then, signing up again as it with a different password is answered like any taken name.
   */
  pendingSignUpSeconds?: number;
  /** Offer `changePassword` and `deleteAccount` in the `signedIn` state (default false). */
  accountActions?: boolean;
  /** Receives every auth event. */
  onEvent?: AuthEventHandler;
  /** Clock in epoch milliseconds (default `Date.now`); tests inject one to move time. */
  clock?: () => number;
  /** Engine for the block's stores instead of the process-wide one (tests, tools). */
  engine?: KvEngine;
}

/** {@link AuthBasicOptions} validated, with every default applied. */
export interface ResolvedOptions {
  sessionDuration: number;
  passwordPolicy: ResolvedPasswordPolicy;
  codeDelivery: CodeDeliveryFn | undefined;
  crossDomain: boolean;
  logger: AuthLogger;
  usernameCaseSensitive: boolean;
  preventUserExistenceErrors: boolean;
  lockout: ResolvedLockout;
  codeAttempts: number;
  codeResendSeconds: number;
  codeFailureLimit: number;
  codeDeliveryTimeoutSeconds: number;
  pendingSignUpSeconds: number;
  accountActions: boolean;
  onEvent: AuthEventHandler | undefined;
  clock: () => number;
  engine: KvEngine | undefined;
}

/**
 * Every default of {@link AuthBasicOptions}, in one table (docs/auth-basic.md lists the same values).
 * `codeFailureLimit` depends on `codeAttempts`; `logger`, `clock` and `engine` default to the JSON-line
 * logger, `Date.now` and the process-wide engine.
 */
export const AUTH_BASIC_DEFAULTS = {
  sessionDuration: 86400,
  passwordPolicy: {
    minLength: 8,
    maxLength: 256,
    requireUppercase: false,
    requireLowercase: false,
    requireDigits: false,
    requireSpecialChars: false,
    rejectCommon: true,
  } satisfies ResolvedPasswordPolicy as ResolvedPasswordPolicy,
  crossDomain: false,
  usernameCaseSensitive: false,
  preventUserExistenceErrors: true,
  lockout: {
    maxFailures: 5,
    baseSeconds: 1,
    maxSeconds: 900,
    maxAddressFailures: 100,
    addressWindowSeconds: 900,
    deviceMaxFailures: 3,
    deviceCookieSeconds: 30 * 86400,
  } satisfies ResolvedLockout as ResolvedLockout,
  codeAttempts: 5,
  codeResendSeconds: 60,
  codeFailureLimit: (codeAttempts: number): number => 3 * codeAttempts,
  codeDeliveryTimeoutSeconds: 30,
  pendingSignUpSeconds: 86400,
  accountActions: false,
} as const;

const TOP_LEVEL = new Set([
  'sessionDuration',
  'passwordPolicy',
  'codeDelivery',
  'crossDomain',
  'logger',
  'usernameCaseSensitive',
  'preventUserExistenceErrors',
  'lockout',
  'codeAttempts',
  'codeResendSeconds',
  'codeFailureLimit',
  'codeDeliveryTimeoutSeconds',
  'pendingSignUpSeconds',
  'accountActions',
  'onEvent',
  'clock',
  'engine',
]);

const check = optionsCheck('AuthBasic');

/** Throws `AuthBasic: option <option> must be <expected>` unless `condition` holds. */
function checkOption(condition: boolean, option: string, expected: string): void {
  check(condition, `option ${option}`, expected);
}

function integer(value: unknown, option: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  checkOption(isIntegerIn(value, min, max), option, `an integer from ${min} to ${max}`);
  return value as number;
}

function number(value: unknown, option: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
  checkOption(ok, option, `a number from ${min} to ${max}`);
  return value as number;
}

function boolean(value: unknown, option: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  checkOption(typeof value === 'boolean', option, 'true or false');
  return value as boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, option: string): Record<string, unknown> {
  if (value === undefined) return {};
  checkOption(isPlainObject(value), option, 'an object');
  return value as Record<string, unknown>;
}

/**
 * The nested options object `name` (`{}` when absent); its unknown keys are warned about by core's one
 * policy (the key and the nearest known one).
 */
function section(
  value: unknown,
  name: string,
  defaults: object,
  warn: (message: string) => void,
): Record<string, unknown> {
  const input = record(value, name);
  warnUnknownOptions(`AuthBasic ${name}`, input, Object.keys(defaults), warn);
  return input;
}

/** Fails unless `value` is absent or a function. */
function optionalFunction(value: unknown, option: string, description: string): void {
  checkOption(value === undefined || typeof value === 'function', option, description);
}

/**
 * Validates the options of one AuthBasic block and applies the defaults. Every mistake throws at
 * construction, as core's `optionsCheck` does everywhere: an `InvalidOptionsError` (a TypeError) whose
 * message names the option (`AuthBasic: option lockout.maxFailures must be …`); unknown option names are logged as warnings (they may
 * come from a newer AWS Blocks version).
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  if (input !== undefined) check(isPlainObject(input), 'options (the third argument)', 'an object');
  const options = record(input, 'options');
  const logger = resolveLogger(options.logger);
  const warn = (message: string) => logger.warn?.(message);
  warnUnknownOptions('AuthBasic', options, TOP_LEVEL, warn);

  const defaults = AUTH_BASIC_DEFAULTS;
  const policyInput = section(options.passwordPolicy, 'passwordPolicy', defaults.passwordPolicy, warn);
  const d = defaults.passwordPolicy;
  const passwordPolicy: ResolvedPasswordPolicy = {
    minLength: integer(policyInput.minLength, 'passwordPolicy.minLength', 0, 1024, d.minLength),
    maxLength: integer(policyInput.maxLength, 'passwordPolicy.maxLength', 1, 1024, d.maxLength),
    requireUppercase: boolean(
      policyInput.requireUppercase,
      'passwordPolicy.requireUppercase',
      d.requireUppercase,
    ),
    requireLowercase: boolean(
      policyInput.requireLowercase,
      'passwordPolicy.requireLowercase',
      d.requireLowercase,
    ),
    requireDigits: boolean(policyInput.requireDigits, 'passwordPolicy.requireDigits', d.requireDigits),
    requireSpecialChars: boolean(
      policyInput.requireSpecialChars,
      'passwordPolicy.requireSpecialChars',
      d.requireSpecialChars,
    ),
    rejectCommon: boolean(policyInput.rejectCommon, 'passwordPolicy.rejectCommon', d.rejectCommon),
  };
  checkOption(
    passwordPolicy.maxLength >= passwordPolicy.minLength,
    'passwordPolicy.maxLength',
    `at least passwordPolicy.minLength (${passwordPolicy.minLength})`,
  );

  const lockoutInput = section(options.lockout, 'lockout', defaults.lockout, warn);
  const l = defaults.lockout;
  const lockout: ResolvedLockout = {
    maxFailures: integer(lockoutInput.maxFailures, 'lockout.maxFailures', 1, 1000, l.maxFailures),
    baseSeconds: number(lockoutInput.baseSeconds, 'lockout.baseSeconds', 0.001, 86400, l.baseSeconds),
    maxSeconds: number(lockoutInput.maxSeconds, 'lockout.maxSeconds', 0.001, 31_536_000, l.maxSeconds),
    maxAddressFailures: integer(
      lockoutInput.maxAddressFailures,
      'lockout.maxAddressFailures',
      1,
      1_000_000,
      l.maxAddressFailures,
    ),
    addressWindowSeconds: integer(
      lockoutInput.addressWindowSeconds,
      'lockout.addressWindowSeconds',
      1,
      86400,
      l.addressWindowSeconds,
    ),
    deviceMaxFailures: integer(
      lockoutInput.deviceMaxFailures,
      'lockout.deviceMaxFailures',
      1,
      1000,
      l.deviceMaxFailures,
    ),
    deviceCookieSeconds: integer(
      lockoutInput.deviceCookieSeconds,
      'lockout.deviceCookieSeconds',
      60,
      400 * 86400,
      l.deviceCookieSeconds,
    ),
  };
  checkOption(
    lockout.maxSeconds >= lockout.baseSeconds,
    'lockout.maxSeconds',
    `at least lockout.baseSeconds (${lockout.baseSeconds})`,
  );

  optionalFunction(options.codeDelivery, 'codeDelivery', 'a function (username, code) => Promise<void>');
  if (typeof options.codeDelivery === 'function') {
    const { validateUsername } = options.codeDelivery as CodeDeliveryFn;
    optionalFunction(validateUsername, 'codeDelivery.validateUsername', 'a function (username) => void');
  }
  optionalFunction(options.onEvent, 'onEvent', 'a function (event) => void');
  optionalFunction(options.clock, 'clock', 'a function returning epoch milliseconds');

  const codeAttempts = integer(options.codeAttempts, 'codeAttempts', 1, 100, defaults.codeAttempts);
  return {
    sessionDuration: integer(
      options.sessionDuration,
      'sessionDuration',
      1,
      400 * 86400,
      defaults.sessionDuration,
    ),
    passwordPolicy,
    codeDelivery: options.codeDelivery as CodeDeliveryFn | undefined,
    crossDomain: boolean(options.crossDomain, 'crossDomain', defaults.crossDomain),
    logger,
    usernameCaseSensitive: boolean(
      options.usernameCaseSensitive,
      'usernameCaseSensitive',
      defaults.usernameCaseSensitive,
    ),
    preventUserExistenceErrors: boolean(
      options.preventUserExistenceErrors,
      'preventUserExistenceErrors',
      defaults.preventUserExistenceErrors,
    ),
    lockout,
    codeAttempts,
    codeResendSeconds: integer(
      options.codeResendSeconds,
      'codeResendSeconds',
      0,
      86400,
      defaults.codeResendSeconds,
    ),
    codeFailureLimit: integer(
      options.codeFailureLimit,
      'codeFailureLimit',
      codeAttempts,
      100_000,
      defaults.codeFailureLimit(codeAttempts),
    ),
    codeDeliveryTimeoutSeconds: integer(
      options.codeDeliveryTimeoutSeconds,
      'codeDeliveryTimeoutSeconds',
      1,
      3600,
      defaults.codeDeliveryTimeoutSeconds,
    ),
    pendingSignUpSeconds: integer(
      options.pendingSignUpSeconds,
      'pendingSignUpSeconds',
      1,
      31_536_000,
      defaults.pendingSignUpSeconds,
    ),
    accountActions: boolean(options.accountActions, 'accountActions', defaults.accountActions),
    onEvent: options.onEvent as AuthEventHandler | undefined,
    clock: (options.clock as (() => number) | undefined) ?? Date.now,
    engine: resolveEngine(options.engine),
  };
}

function resolveLogger(value: unknown): AuthLogger {
  if (value === undefined) return jsonLineLogger;
  checkOption(
    typeof value === 'object' && value !== null,
    'logger',
    'an object with info/warn/error methods',
  );
  const logger = value as Record<string, unknown>;
  for (const level of ['info', 'warn', 'error']) {
    checkOption(
      logger[level] === undefined || typeof logger[level] === 'function',
      `logger.${level}`,
      'a function',
    );
  }
  return logger as AuthLogger;
}

function resolveEngine(value: unknown): KvEngine | undefined {
  if (value === undefined) return undefined;
  const ok = typeof value === 'object' && value !== null && typeof (value as KvEngine).table === 'function';
  checkOption(ok, 'engine', 'a KvEngine (from openEngine)');
  return value as KvEngine;
}
