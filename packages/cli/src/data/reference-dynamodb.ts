import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { importOptional } from '../commands/optional-package.js';
import { type ReferenceData, type ReferenceStore, referenceItem } from './reference-data.js';

/** Where the reference's tables are. */
export interface ReferenceDynamoDbOptions {
  /** Table names start with this (`<BLOCKS_STACK_NAME>-`, R-1503); the rest is the store's fullId. */
  prefix: string;
  region?: string;
  endpoint?: string;
}

/**
 * Reads a reference app's KVStore tables from DynamoDB (R-805, R-1503): every table whose name starts
 * with the prefix, items `{pk, value, ttl?}`. AppSettings live in SSM Parameter Store on AWS and are
 * not read (the one AuthBasic has, `jwt-secret`, is not imported anyway).
 */
export async function readReferenceDynamoDb(options: ReferenceDynamoDbOptions): Promise<ReferenceData> {
  const sdk = await importOptional(
    '--from-dynamodb',
    ['@aws-sdk/client-dynamodb'],
    () => import('@aws-sdk/client-dynamodb'),
  );
  const local =
    options.endpoint !== undefined && /^https?:\/\/(localhost|127\.|\[::1\])/.test(options.endpoint);
  const client = new sdk.DynamoDBClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(local && !process.env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  try {
    const names: string[] = [];
    let start: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListTablesCommand({ ...(start ? { ExclusiveStartTableName: start } : {}) }),
      );
      names.push(...(page.TableNames ?? []));
      start = page.LastEvaluatedTableName;
    } while (start);
    const stores: ReferenceStore[] = [];
    for (const table of names.filter((name) => name.startsWith(options.prefix)).sort()) {
      const fullId = table.slice(options.prefix.length).replace(/^-/, '');
      if (fullId === '') continue;
      const origin = `DynamoDB table ${table}`;
      const items = [];
      let exclusiveStart: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          new sdk.ScanCommand({
            TableName: table,
            ConsistentRead: true,
            ...(exclusiveStart ? { ExclusiveStartKey: exclusiveStart } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          const key = item.pk?.S ?? '';
          const ttl = item.ttl?.N === undefined ? undefined : Number(item.ttl.N);
          items.push(referenceItem(origin, key, item.value?.S, ttl));
        }
        exclusiveStart = page.LastEvaluatedKey;
      } while (exclusiveStart);
      stores.push({ fullId, origin, items });
    }
    return { stores, settings: new Map(), settingsOrigin: undefined };
  } finally {
    client.destroy();
  }
}
