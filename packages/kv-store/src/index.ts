/**
 * @module @blockyard/kv-store — the KVStore block and the engines it runs on: memory, SQLite (the
 * embedded default) and PostgreSQL, chosen per process by `BLOCKS_DATABASE_URL`. Engines that live in
 * other packages (DynamoDB, in `@blockyard/aws`) register their URL scheme with `registerEngineScheme` and
 * build on `TableEngine` and the error and counter helpers exported here.
 */

export { addToCounter, counterOverflow, notACounter, parseCounter } from './counter.js';
export type {
  DeleteCondition,
  EngineKind,
  EngineOptions,
  KvEngine,
  KvRow,
  KvTable,
  ScanRequest,
  WriteCondition,
} from './engine.js';
export { type ClosedMessage, TableEngine } from './engines/table-engine.js';
export {
  engineFailed,
  engineUnavailable,
  itemTooLarge,
  type KVStoreErrorName,
  KVStoreErrors,
  validationFailed,
} from './errors.js';
export { type ExpiryOptions, MAX_KEY_BYTES, MAX_VALUE_BYTES } from './input.js';
export { compareUtf8 } from './key-range.js';
export {
  type DeleteOptions,
  type ExternalTableRef,
  type IncrementOptions,
  KVStore,
  type KVStoreOptions,
  type PutOptions,
  type ScanOptions,
  type ValueSchema,
  type ValueSchemaResult,
} from './kv-store.js';
export {
  type EngineOpener,
  type OpenEngineOptions,
  openEngine,
  registerEngineScheme,
} from './open-engine.js';
export {
  type ConfigureEngineOptions,
  closeEngine,
  configureEngine,
  currentEngine,
  getEngine,
  resolveEngineUrl,
} from './process-engine.js';
export { SETTINGS_TABLE, storeTableName } from './table-name.js';
