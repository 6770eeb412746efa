/**
 * @module @blockyard/blocks/client — the browser-safe client runtime, reached as
 * `@aws-blocks/blocks/client` (the import of every generated `aws-blocks/client.js`).
 */

export * from '@blockyard/client';
