/**
 * @module @blockyard/blocks — the umbrella package apps import as `@aws-blocks/blocks`: what
 * an app's `aws-blocks/index.ts` uses from the core runtime (Scope, ApiNamespace, RawRoute, ApiError,
 * isBlocksError, …) and every block class with its error constants. Internals stay in the packages.
 */

export { AppSetting, AppSettingErrors, type AppSettingOptions } from '@blockyard/app-setting';
export {
  AuthBasic,
  AuthBasicErrors,
  type AuthBasicOptions,
  type AuthBasicUser,
  type CodeDeliveryFn,
  type PasswordPolicy,
} from '@blockyard/auth-basic';
export {
  _resetConfigCache,
  _resetSdkRegistry,
  ApiError,
  type ApiErrorOptions,
  type ApiHandler,
  type ApiMethods,
  ApiNamespace,
  BLOCKS_AUTH_PREFIX,
  BLOCKS_RPC_PREFIX,
  type BlocksContext,
  type BlocksRequest,
  type BlocksResponse,
  type BuildingBlockMeta,
  CoreErrors,
  clearRouteRegistry,
  DEFAULT_API_ERROR_NAME,
  getAllSdkIdentifiers,
  getConfig,
  getConfigSync,
  getRegisteredRoutes,
  getSdkIdentifiers,
  type HttpMethod,
  hasAuthError,
  isBlocksError,
  loadConfigToProcessEnv,
  lockRouteRegistry,
  matchRoute,
  preloadConfig,
  RawRoute,
  RawRouteErrors,
  type RawRouteHandler,
  type RawRouteMethod,
  type RawRouteOptions,
  type RegisteredRoute,
  RPC_PATH,
  registerRoute,
  registerSdkIdentifiers,
  Scope,
  type ScopeOptions,
  type ScopeParent,
  unlockRouteRegistry,
} from '@blockyard/core';
export {
  type BatchResult,
  EmailClient,
  type EmailClientOptions,
  type EmailCodeDeliveryOptions,
  type EmailErrorName,
  EmailErrors,
  type EmailMessage,
  emailCodeDelivery,
} from '@blockyard/email-client';
export { KVStore, KVStoreErrors, type KVStoreOptions } from '@blockyard/kv-store';
