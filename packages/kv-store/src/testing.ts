/**
 * @module @blockyard/kv-store/testing — the engine conformance suite (run it against any engine,
 * including one written outside this package) and the names tests peek at. Loads `node:test`.
 */

export { SETTINGS_TABLE, storeTableName } from './table-name.js';
export { type KvConformanceTarget, runKvConformance } from './testing/conformance.js';
