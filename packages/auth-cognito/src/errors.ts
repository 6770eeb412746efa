import { errorFactory } from '@blockyard/core/block';

/** Stable names of the errors CognitoAuth raises (the same name AuthBasic uses for a missing session). */
export const CognitoAuthErrors = {
  /** The request carries no valid user-pool token (401). */
  SessionExpired: 'SessionExpiredException',
} as const;

/** One of the {@link CognitoAuthErrors} names. */
export type CognitoAuthErrorName = (typeof CognitoAuthErrors)[keyof typeof CognitoAuthErrors];

/** HTTP status of each {@link CognitoAuthErrors} name. */
export const COGNITO_AUTH_ERROR_STATUS = {
  [CognitoAuthErrors.SessionExpired]: 401,
} as const satisfies Record<CognitoAuthErrorName, number>;

const fail = errorFactory<CognitoAuthErrorName>(COGNITO_AUTH_ERROR_STATUS);

/** `Authentication required` (401), as AuthBasic answers it. */
export function sessionExpired() {
  return fail(CognitoAuthErrors.SessionExpired, 'Authentication required');
}
