/**
 * The names of the official building blocks of the AWS Blocks family. Only these are ever named in
 * `Scope.getRegisteredBlocks()` and in a user-agent chain; a block with any other `bbName` is counted,
 * never named.
 */
export const OFFICIAL_BLOCK_NAMES: ReadonlySet<string> = new Set([
  'Agent',
  'AppSetting',
  'AsyncJob',
  'AuthBasic',
  'AuthCognito',
  'AuthOidc',
  'CronJob',
  'Dashboard',
  'Database',
  'DistributedDatabase',
  'DistributedTable',
  'EmailClient',
  'FileBucket',
  'KVStore',
  'KnowledgeBase',
  'Logger',
  'Metrics',
  'Realtime',
  'Secret',
  'Tracer',
]);
