/**
 * @module @blockyard/blocks — the umbrella package apps import as `@aws-blocks/blocks`: the core
 * runtime (Scope, ApiNamespace, RawRoute, ApiError, …) and the blocks.
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
export * from '@blockyard/core';
export { KVStore, KVStoreErrors, type KVStoreOptions } from '@blockyard/kv-store';
