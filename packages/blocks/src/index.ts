/**
 * @module @blockyard/blocks
 */
export {};
