/**
 * @module @blockyard/core/block — what a block or engine author builds on, public on purpose (and
 * what apps written for AWS Blocks import as `@aws-blocks/core/bb-utils`): the error factory and the
 * wire-error mapping, the options validator, request and namespace helpers, the local data folder,
 * a constant-time comparison, process-wide slots and log redaction.
 */

export { API_NAMESPACE_MARKER, apiNamespaceName, isApiNamespace } from './api-namespace.js';
export { constantTimeEquals } from './constant-time.js';
export { errorFactory } from './core-errors.js';
export { requestHeader } from './incoming-request.js';
export {
  getMockDataDir,
  type LocalDataDirOptions,
  localDataDir,
  type MockDataDirOptions,
} from './local-data.js';
export {
  isIntegerIn,
  isStringArray,
  nearestName,
  OptionsError,
  optionsCheck,
  warnUnknownOptions,
} from './options-check.js';
export { processSlot } from './process-slot.js';
export { isSensitiveKey, REDACTED, redact } from './redact.js';
export { sanitizeConfigKey } from './runtime-config.js';
export { isScope } from './scope.js';
export { describeThrown, retryAfterFor, toWireError, type WireError } from './wire-error.js';
