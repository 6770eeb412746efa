import { ApiError } from '@blockyard/core';
import { errorFactory } from '@blockyard/core/block';

/**
 * Stable names of the errors AuthBasic raises; branch on them with `isBlocksError(error, name)` for
 * thrown errors and `hasAuthError(state, name)` for states returned by `setAuthState`.
 */
export const AuthBasicErrors = {
  /** Unknown user, unconfirmed or disabled account, or wrong password (401). */
  InvalidCredentials: 'InvalidCredentialsException',
  /** Sign-up of a taken username (409). */
  UserAlreadyExists: 'UserAlreadyExistsException',
  /** Missing, expired, used or wrong verification code (400). */
  InvalidCode: 'InvalidCodeException',
  /** The request carries no valid session (401). */
  SessionExpired: 'SessionExpiredException',
  /** The new password does not meet the password policy (400). */
  InvalidPassword: 'InvalidPasswordException',
  /** Too many failed attempts or deliveries; the message says how long to wait (429, retriable). */
  TooManyAttempts: 'TooManyAttemptsException',
  /** A missing, mistyped, empty or over-long input (400). */
  InvalidParameter: 'InvalidParameterException',
} as const;

/** One of the {@link AuthBasicErrors} names. */
export type AuthBasicErrorName = (typeof AuthBasicErrors)[keyof typeof AuthBasicErrors];

/** HTTP status of each {@link AuthBasicErrors} name: the one place a name meets its status. */
export const AUTH_BASIC_ERROR_STATUS = {
  [AuthBasicErrors.InvalidCredentials]: 401,
  [AuthBasicErrors.UserAlreadyExists]: 409,
  [AuthBasicErrors.InvalidCode]: 400,
  [AuthBasicErrors.SessionExpired]: 401,
  [AuthBasicErrors.InvalidPassword]: 400,
  [AuthBasicErrors.TooManyAttempts]: 429,
  [AuthBasicErrors.InvalidParameter]: 400,
} as const satisfies Record<AuthBasicErrorName, number>;

/** Creates AuthBasic's wire errors, with the status from {@link AUTH_BASIC_ERROR_STATUS}. */
export const fail = errorFactory<AuthBasicErrorName>(AUTH_BASIC_ERROR_STATUS);

/** `Invalid username or password` (401). */
export function invalidCredentials(): ApiError {
  return fail(AuthBasicErrors.InvalidCredentials, 'Invalid username or password');
}

/** `Username already exists` (409). */
export function userAlreadyExists(): ApiError {
  return fail(AuthBasicErrors.UserAlreadyExists, 'Username already exists');
}

/** `Invalid or expired code` (400). */
export function invalidCode(): ApiError {
  return fail(AuthBasicErrors.InvalidCode, 'Invalid or expired code');
}

/** `Authentication required` (401). */
export function sessionExpired(): ApiError {
  return fail(AuthBasicErrors.SessionExpired, 'Authentication required');
}

/** A password policy failure (400); `message` comes from the policy check. */
export function invalidPassword(message: string): ApiError {
  return fail(AuthBasicErrors.InvalidPassword, message);
}

/**
 * A throttling refusal (429, retriable). With `waitSeconds` the message ends with
 * `try again in <n> seconds`; without it, `what` must say what to do instead.
 */
export function tooManyAttempts(what: string, waitSeconds?: number): ApiError {
  let message = what;
  if (waitSeconds !== undefined) {
    const wait = Math.max(1, Math.ceil(waitSeconds));
    message = `${what}; try again in ${wait} second${wait === 1 ? '' : 's'}`;
  }
  return fail(AuthBasicErrors.TooManyAttempts, message, { retriable: true });
}

/** A bad input (400); `message` names the parameter and never echoes its value. */
export function invalidParameter(message: string, cause?: unknown): ApiError {
  return fail(AuthBasicErrors.InvalidParameter, message, cause === undefined ? {} : { cause });
}

/**
 * A plain `ApiError` (400) with no name of ours, where the reference raises one: it keeps the
 * default name `ApiError`, so a state carries no `errorName` for it.
 */
export function plainError(message: string): ApiError {
  return new ApiError(message, 400);
}
