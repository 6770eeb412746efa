/**
 * @module @blockyard/core/testing — hooks for tests of blocks and apps: never needed at runtime.
 */

export { resetBlockRegistry } from './scope.js';
