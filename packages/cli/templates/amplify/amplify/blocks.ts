import { fileURLToPath } from 'node:url';
import { BlocksBackend } from '@blockyard/aws/cdk';
import { RemovalPolicy, type Stack } from 'aws-cdk-lib';

/** The parts of Amplify's `defineBackend(…)` result that the Blocks backend uses. */
export interface AmplifyBackendLike {
  createStack(name: string): Stack;
  addOutput(output: { custom: Record<string, unknown> }): void;
  auth?: {
    resources: {
      userPool: { userPoolId: string };
      userPoolClient: { userPoolClientId: string };
    };
  };
}

// Pages served by a local dev server (Vite, Next.js) call the sandbox's API from these origins.
const LOCAL_ORIGINS = '^http://(localhost|127\\.0\\.0\\.1)(:\\d+)?$';

/**
 * Adds the Blocks backend (`aws-blocks/index.ts`) to the Amplify backend: a Lambda function behind an
 * HTTP API with its DynamoDB table and signing keys, in a stack of its own. The function learns the
 * Amplify user pool's ids (COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID) for CognitoAuth, and the API URL
 * reaches the client through `amplify_outputs.json` as `custom.blocks_api_url`. A sandbox
 * (`ampx sandbox`) allows local pages and deletes its data with the sandbox; a branch deployment
 * keeps its table and secret, and allows the origins listed in CORS_ALLOWED_ORIGINS at deploy time.
 */
export function initBlocks(backend: AmplifyBackendLike): BlocksBackend {
  const stack = backend.createStack('blocks');
  const sandbox = stack.node.tryGetContext('amplify-backend-type') === 'sandbox';
  const origins = (process.env.CORS_ALLOWED_ORIGINS ?? '').split(',').filter((origin) => origin !== '');
  const pool = backend.auth?.resources;
  const blocks = new BlocksBackend(stack, 'blocks', {
    appDir: fileURLToPath(new URL('..', import.meta.url)),
    allowedOrigins: sandbox ? [LOCAL_ORIGINS, ...origins] : origins,
    removalPolicy: sandbox ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    environment: pool
      ? {
          COGNITO_USER_POOL_ID: pool.userPool.userPoolId,
          COGNITO_CLIENT_ID: pool.userPoolClient.userPoolClientId,
        }
      : {},
  });
  backend.addOutput({ custom: { blocks_api_url: blocks.apiUrl } });
  return blocks;
}
