/**
 * @module @blockyard/kv-store — the KVStore block and the engines it runs on: memory, SQLite (the
 * embedded default) and PostgreSQL, chosen per process by `BLOCKS_DATABASE_URL`.
 */

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
export { type KVStoreErrorName, KVStoreErrors } from './errors.js';
export { type ExpiryOptions, MAX_KEY_BYTES, MAX_VALUE_BYTES } from './input.js';
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
export { type OpenEngineOptions, openEngine } from './open-engine.js';
export {
  type ConfigureEngineOptions,
  closeEngine,
  configureEngine,
  currentEngine,
  getEngine,
  resolveEngineUrl,
} from './process-engine.js';
export { SETTINGS_TABLE, storeTableName } from './table-name.js';
