/**
 * @module @blockyard/auth-common
 */
export {};
