/**
 * @module @blockyard/kv-store
 */
export {};
