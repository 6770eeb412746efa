/**
 * @module @blockyard/core/client — the client runtime, `@blockyard/client`, where apps written for
 * AWS Blocks import it as `@aws-blocks/core/client`.
 */

export * from '@blockyard/client';
