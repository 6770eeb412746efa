/**
 * @module @blockyard/aws/cdk — the `BlocksBackend` CDK construct (needs `aws-cdk-lib` and `constructs`,
 * optional peer dependencies) and the function bundler it uses.
 */

export { BlocksBackend, type BlocksBackendProps } from './blocks-backend.js';
export {
  type BundleLambdaOptions,
  buildLambdaBundle,
  bundleLambda,
  type LambdaBundle,
} from './bundle-lambda.js';
export type { RawRouteSpec } from './route-keys.js';
