/**
 * @module @blockyard/auth-cognito — the CognitoAuth block: the users of an Amazon Cognito user pool
 * (Amplify Gen 2 auth) call a Blocks API with their ID or access token as `Authorization: Bearer`,
 * checked with AuthBasic's `requireAuth` / `checkAuth` / `getCurrentUser` contract.
 */

export {
  CognitoAuth,
  type CognitoAuthOptions,
  type CognitoTokenUse,
  type CognitoUser,
} from './cognito-auth.js';
export { type CognitoAuthErrorName, CognitoAuthErrors } from './errors.js';
