/**
 * @module @blockyard/kv-store/engine — what an engine author and a block built on KVStore's engine
 * use, public on purpose: the engine contract and the `TableEngine` base class, the counter helpers,
 * the engine errors with their `KVStoreErrors` names, key and value checks, the table binding and
 * table naming, and the process-wide engine. The conformance suite every engine runs is in
 * `@blockyard/kv-store/testing`.
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
export {
  hasEngineData,
  type KvEngineData,
  type KvSnapshot,
  sortTableNames,
} from './engine-data.js';
export { type ClosedMessage, TableEngine } from './engines/table-engine.js';
export { engineFailed, engineUnavailable, itemTooLarge, validationFailed } from './errors.js';
export { MAX_KEY_BYTES, MAX_VALUE_BYTES, serializeValue, validateKey } from './input.js';
export { compareUtf8 } from './key-range.js';
export { type EngineOpener, type OpenEngineOptions, registerEngineScheme } from './open-engine.js';
export {
  type ConfigureEngineOptions,
  closeEngine,
  configureEngine,
  currentEngine,
  getEngine,
  resolveEngineUrl,
} from './process-engine.js';
export { type BoundTable, TableBinding } from './table-binding.js';
export { SETTINGS_TABLE, storeTableName } from './table-name.js';
export { checkSchema, type ValueSchema, type ValueSchemaResult } from './value-schema.js';
