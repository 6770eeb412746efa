import { type OpenEngineOptions, registerEngineScheme } from '@blockyard/kv-store';

/**
 * Teaches `openEngine` (and so `BLOCKS_DATABASE_URL`) the `dynamodb://` scheme. The engine module,
 * and the AWS SDK with it, loads on the first open, so registering costs nothing at start-up.
 * Idempotent; the Lambda entry calls it before the backend loads.
 */
export function registerDynamoDbEngine(): void {
  registerEngineScheme('dynamodb:', async (url: string, options: OpenEngineOptions) => {
    const { baseDir: _baseDir, ...engineOptions } = options;
    const { DynamoDbEngine } = await import('./dynamodb-engine.js');
    return new DynamoDbEngine(url, engineOptions);
  });
}
