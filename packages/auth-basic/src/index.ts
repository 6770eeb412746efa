/**
 * @module @blockyard/auth-basic — AuthBasic: username/password authentication with revocable cookie
 * sessions, compatible with AWS Blocks' `@aws-blocks/bb-auth-basic`.
 */

export type {
  AuthAction,
  AuthActionInput,
  AuthField,
  AuthState,
  AuthUser,
  BlocksAuth,
} from '@blockyard/auth-common';
export {
  type AdminUser,
  AuthBasicAdmin,
  type CreateUserOptions,
  type ListUsersOptions,
  type UserPage,
} from './admin.js';
export {
  AuthBasic,
  type AuthBasicLegacyApi,
  type AuthBasicStateApi,
  type SignOutOptions,
} from './auth-basic.js';
export { type AuthBasicErrorName, AuthBasicErrors } from './errors.js';
export type { AuthEvent, AuthEventHandler, AuthEventType, AuthLogger } from './events.js';
export type { SessionInfo } from './flows/sessions.js';
export type { AuthBasicOptions, CodeDeliveryFn } from './options.js';
export type { PasswordPolicy } from './password/password-policy.js';
export type { AuthBasicUser } from './runtime.js';
export type { AuthBasicState } from './state-machine.js';
export type { LockoutOptions } from './throttle/lockout.js';
