/**
 * @module @blockyard/aws — the AWS path of Blockyard: the DynamoDB engine for KVStore and AppSetting
 * (`BLOCKS_DATABASE_URL=dynamodb://…`), the Lambda adapter, the `BlocksBackend` CDK construct and the
 * Amplify Gen 2 overlay.
 */

export { DynamoDbEngine, type DynamoDbEngineOptions, TTL_ATTRIBUTE } from './dynamodb/dynamodb-engine.js';
export { type DynamoDbLocation, parseDynamoDbUrl } from './dynamodb/dynamodb-url.js';
export { registerDynamoDbEngine } from './dynamodb/register.js';
export type { RetryPolicy } from './dynamodb/retry.js';
export type { HttpEventV2, HttpResultV2 } from './lambda/lambda-event.js';
export {
  createLambdaHandler,
  type LambdaHandler,
  type LambdaHandlerOptions,
} from './lambda/lambda-handler.js';
export { SWEEP_EVENT, type SweepEvent } from './lambda/pending-work.js';
