/**
 * @module @blockyard/cli/internal — the parts the `blockyard` command is made of (argument parsing,
 * backend loading, sandbox files), for Blockyard's own tools and tests. May change in any release.
 */

export {
  BACKEND_ENTRY,
  type BackendLoader,
  createBackendLoader,
  type LoadedBackend,
} from './backend/backend-loader.js';
export { type CliInvocation, type ParseContext, parseCliArgs } from './cli/parse-args.js';
export { usageText } from './cli/usage.js';
export {
  SANDBOX_DIR,
  type SandboxConfig,
  sandboxConfig,
  writeSandboxConfig,
} from './server/sandbox-config.js';
export { apiUrlFor } from './server/start-server.js';
