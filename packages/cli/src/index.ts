/**
 * @module @blockyard/cli — the `blockyard` command (`sandbox`, `start`) and the pieces it is made of,
 * for tools that want to run a Blockyard server in-process.
 */

export {
  BACKEND_ENTRY,
  type BackendLoader,
  createBackendLoader,
  type LoadedBackend,
} from './backend/backend-loader.js';
export { CliError, type CliErrorName, CliErrors, isCliError } from './cli/errors.js';
export {
  type CliInvocation,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type ParseContext,
  parseCliArgs,
  type ServeFlags,
} from './cli/parse-args.js';
export { type CliEnvironment, runCli } from './cli/run-cli.js';
export { type CommandName, usageText } from './cli/usage.js';
export type { OutputStreams } from './server/request-log.js';
export {
  SANDBOX_DIR,
  type SandboxConfig,
  sandboxConfig,
  writeSandboxConfig,
} from './server/sandbox-config.js';
export {
  apiUrlFor,
  type RunningServer,
  type StartServerOptions,
  startServer,
} from './server/start-server.js';
