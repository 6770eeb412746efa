/**
 * @module @blockyard/auth-common — the types every Blockyard auth block shares (users, auth states,
 * actions and their payloads) and the session cookie policy.
 */

export * from './cookies-entry.js';
export type {
  AuthAction,
  AuthActionInput,
  AuthActionName,
  AuthActionPayloadMap,
  AuthCapability,
  AuthField,
  AuthFieldType,
  AuthRequestContext,
  AuthState,
  AuthStateApi,
  AuthStateName,
  AuthUser,
  BlocksAuth,
} from './types.js';
