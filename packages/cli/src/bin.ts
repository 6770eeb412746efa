#!/usr/bin/env node
/**
 * @module The `blockyard` executable: runs the command line and exits with its status.
 */
import { runCli } from './cli/run-cli.js';

let signals = 0;
const forceExit = () => {
  signals += 1;
  // The first signal starts a graceful shutdown (handled in runCli); a second one means "now".
  if (signals > 1) process.exit(130);
};
process.on('SIGINT', forceExit);
process.on('SIGTERM', forceExit);

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
