/**
 * @module @blockyard/blocks/ui — the Authenticator UI, reached as `@aws-blocks/blocks/ui` (the root
 * entry does not export it, R-701).
 */

export * from '@blockyard/auth-common/ui';
