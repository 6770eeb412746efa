import type { ApiError } from '@blockyard/core';
import { errorFactory } from '@blockyard/core/block';

/** Stable names of the errors an AppSetting throws; branch on these with `isBlocksError`. */
export const AppSettingErrors = {
  /** The setting has no value (or a secret's value is empty); status 404. */
  ParameterNotFound: 'ParameterNotFoundException',
  /**
   * Options or a value are not acceptable; status 400. Nothing was written. The same name as
   * `KVStoreErrors.ValidationFailed`: the checks AppSetting shares with KVStore throw it.
   */
  ValidationFailed: 'ValidationFailedException',
} as const;

/** One of the {@link AppSettingErrors} names. */
export type AppSettingErrorName = (typeof AppSettingErrors)[keyof typeof AppSettingErrors];

/** The HTTP status of each {@link AppSettingErrors} name: the one table the errors are built from. */
const APP_SETTING_ERROR_STATUS: Readonly<Record<AppSettingErrorName, number>> = {
  [AppSettingErrors.ParameterNotFound]: 404,
  [AppSettingErrors.ValidationFailed]: 400,
};

const fail = errorFactory(APP_SETTING_ERROR_STATUS);

/** ParameterNotFound for the parameter `name` (a name, never a value). */
export function parameterNotFound(message: string): ApiError {
  return fail(AppSettingErrors.ParameterNotFound, message);
}

/** ValidationFailed; `message` must not contain the value. */
export function settingValidationFailed(message: string): ApiError {
  return fail(AppSettingErrors.ValidationFailed, message);
}
