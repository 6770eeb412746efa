/**
 * @module @blockyard/aws/lambda — the Lambda entry alone: `createLambdaHandler` without the CDK
 * construct, so a bundled function carries only what it runs.
 */

export type { HttpEventV2, HttpResultV2 } from './lambda-event.js';
export { createLambdaHandler, type LambdaHandler, type LambdaHandlerOptions } from './lambda-handler.js';
export { SWEEP_EVENT, type SweepEvent } from './pending-work.js';
export { SIGNING_KEYS_SECRET_ENV } from './secret-env.js';
