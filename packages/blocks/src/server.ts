/**
 * @module @blockyard/blocks/server — `withAuth` and the cookie providers for server-rendered calls,
 * reached as `@aws-blocks/blocks/server`.
 */

export * from '@blockyard/client/server';
