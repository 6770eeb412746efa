/**
 * @module @blockyard/kv-store — the KVStore block and the engines it runs on: memory, SQLite (the
 * embedded default) and PostgreSQL, chosen per process by `BLOCKS_DATABASE_URL`. Engine authors, and
 * blocks built on the engine (AppSetting, AuthBasic), use `@blockyard/kv-store/engine`; the
 * conformance suite every engine runs is in `@blockyard/kv-store/testing`. Engines that live in other
 * packages (DynamoDB, in `@blockyard/aws`) register their URL scheme with `registerEngineScheme`.
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
} from './kv-store.js';
export {
  type EngineOpener,
  type OpenEngineOptions,
  openEngine,
  registerEngineScheme,
} from './open-engine.js';
export { type ConfigureEngineOptions, closeEngine, configureEngine } from './process-engine.js';
export type { ValueSchema, ValueSchemaResult } from './value-schema.js';
