/**
 * @module @blockyard/core/version — the version of this package, as `Scope#buildUserAgentChain`
 * reports it.
 */

/** The version of `@blockyard/core` (a test holds it equal to the package's `version`). */
export const CORE_VERSION = '0.1.0';
