/**
 * @module tests/support — helpers the cross-package tests share: throw-away apps, `blockyard`
 * child processes, JSON-RPC calls and bounded waiting.
 */
export { freePort } from './free-port.js';
export { CLI_BIN, REPO_ROOT, TMP_APPS_DIR } from './paths.js';
export { createPostgresDatabase, type PostgresDatabase } from './postgres-database.js';
export {
  callRpc,
  parseSetCookie,
  post,
  type Reply,
  RpcClient,
  type RpcReply,
  rpc,
} from './rpc-client.js';
export {
  type CliRun,
  type ExitStatus,
  runBlockyard,
  type SandboxOptions,
  type SandboxProcess,
  startSandbox,
} from './sandbox-process.js';
export { type StandInApi, startStandInApi } from './stand-in-api.js';
export { createTempApp, fixtureFiles, type TempApp } from './temp-app.js';
export { type PollOptions, pollUntil } from './wait.js';
