/**
 * @module @blockyard/app-setting — the AppSetting block: application settings and secrets (such as
 * signing keys), persisted in the KVStore engine and shared by every instance on it.
 */

export { AppSetting, type AppSettingOptions, MAX_SETTING_BYTES } from './app-setting.js';
export { type AppSettingErrorName, AppSettingErrors } from './errors.js';
