import { ApiError } from '@blockyard/core';

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

/** `Invalid username or password` (401). */
export function invalidCredentials(): ApiError {
  return new ApiError('Invalid username or password', 401, { name: AuthBasicErrors.InvalidCredentials });
}

/** `Username already exists` (409). */
export function userAlreadyExists(): ApiError {
  return new ApiError('Username already exists', 409, { name: AuthBasicErrors.UserAlreadyExists });
}

/** `Invalid or expired code` (400). */
export function invalidCode(): ApiError {
  return new ApiError('Invalid or expired code', 400, { name: AuthBasicErrors.InvalidCode });
}

/** `Authentication required` (401). */
export function sessionExpired(): ApiError {
  return new ApiError('Authentication required', 401, { name: AuthBasicErrors.SessionExpired });
}

/** A password policy failure (400); `message` comes from the policy check. */
export function invalidPassword(message: string): ApiError {
  return new ApiError(message, 400, { name: AuthBasicErrors.InvalidPassword });
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
  return new ApiError(message, 429, { name: AuthBasicErrors.TooManyAttempts, retriable: true });
}

/** A bad input (400); `message` names the parameter and never echoes its value. */
export function invalidParameter(message: string): ApiError {
  return new ApiError(message, 400, { name: AuthBasicErrors.InvalidParameter });
}

/** A plain `ApiError` (name `ApiError`, 400), used where the reference raises one. */
export function plainError(message: string): ApiError {
  return new ApiError(message, 400);
}
