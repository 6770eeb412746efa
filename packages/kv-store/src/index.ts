/**
 * @module @blockyard/kv-store — the KVStore block and the engines it runs on: memory, SQLite (the
 * embedded default) and PostgreSQL, chosen per process by `BLOCKS_DATABASE_URL`. Sibling packages reach
 * the process-wide engine through `@blockyard/kv-store/internal`; engine authors and tests find the
 * conformance suite in `@blockyard/kv-store/testing`. Engines that live in other packages (DynamoDB, in
 * `@blockyard/aws`) register their URL scheme with `registerEngineScheme` and build on the pieces of
 * `@blockyard/kv-store/internal`.
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
/**
 * @deprecated Import it from `@blockyard/kv-store/testing`; kept here only until the last test that
 * reads it from this entry moves.
 */
export { SETTINGS_TABLE } from './table-name.js';
export type { ValueSchema, ValueSchemaResult } from './value-schema.js';
