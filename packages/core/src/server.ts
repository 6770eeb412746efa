/**
 * @module @blockyard/core/server — `withAuth` (R-1007) for server-side calls of the client runtime,
 * where apps written for AWS Blocks import it as `@aws-blocks/core/server`. The same function as
 * `@blockyard/blocks/server`'s.
 */

export { withAuth } from '@blockyard/client/server';
