/**
 * @module @blockyard/kv-store/internal — what the other Blockyard packages build on and applications
 * do not: the building blocks of engines that live in other packages, the process-wide engine (the CLI opens it early), the table binding and input checks
 * AppSetting shares with KVStore, and table naming. No stability promise outside this repository.
 */

export { addToCounter, counterOverflow, notACounter, parseCounter } from './counter.js';
export {
  hasEngineData,
  type KvEngineData,
  type KvSnapshot,
  sortTableNames,
} from './engine-data.js';
export { type ClosedMessage, TableEngine } from './engines/table-engine.js';
export { engineFailed, engineUnavailable, itemTooLarge, validationFailed } from './errors.js';
export { serializeValue, validateKey } from './input.js';
export { compareUtf8 } from './key-range.js';
export {
  closeEngine,
  configureEngine,
  currentEngine,
  getEngine,
  resolveEngineUrl,
} from './process-engine.js';
export { type BoundTable, TableBinding } from './table-binding.js';
export { SETTINGS_TABLE, storeTableName } from './table-name.js';
export { checkSchema } from './value-schema.js';
