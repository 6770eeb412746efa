/**
 * @module @blockyard/auth-basic
 */
export {};
