/**
 * @module @blockyard/app-setting
 */
export {};
