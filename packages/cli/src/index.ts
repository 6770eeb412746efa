/**
 * @module @blockyard/cli
 */
export {};
