/**
 * @module @blockyard/blocks — the umbrella package apps import as `@aws-blocks/blocks`: the core
 * runtime (Scope, ApiNamespace, RawRoute, ApiError, …) and the blocks.
 */
export * from '@blockyard/core';
