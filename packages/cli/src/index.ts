/**
 * @module @blockyard/cli — the `blockyard` command (`sandbox`, `start`), runnable in-process by
 * tools: `runCli(args)` as the command line would, or `startServer(options)` for a server handle.
 */

export { CliError, type CliErrorName, CliErrors, isCliError } from './cli/errors.js';
export { DEFAULT_HOST, DEFAULT_PORT } from './cli/parse-args.js';
export { type CliEnvironment, runCli } from './cli/run-cli.js';
export type { OutputStreams, ServeFlags } from './cli/types.js';
export type { CommandName } from './cli/usage.js';
export { type RunningServer, type StartServerOptions, startServer } from './server/start-server.js';
