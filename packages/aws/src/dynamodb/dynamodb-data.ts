import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  ScanCommand,
  type ScanCommandOutput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { KvRow } from '@blockyard/kv-store';
import { engineUnavailable } from '@blockyard/kv-store/engine';
import type { DynamoDbCall } from './dynamodb-table.js';
import { encodeValue } from './stored-value.js';

/** Most items one `BatchWriteItem` request takes (DynamoDB's own limit). */
const BATCH_SIZE = 25;
/** Rounds of resending unprocessed items before reporting the table unavailable. */
const UNPROCESSED_ROUNDS = 20;

type Send = <T>(call: DynamoDbCall<T>) => Promise<T>;

/**
 * The KVStore tables that hold items: the distinct partition keys of the engine's DynamoDB table.
 * DynamoDB cannot list partitions, so this reads every item's key once (a paged `Scan` projecting
 * `pk`): it costs read capacity in proportion to the data, which whole-engine tools read anyway.
 */
export async function listDynamoDbTables(table: string, send: Send): Promise<string[]> {
  const names = new Set<string>();
  let exclusiveStart: Record<string, AttributeValue> | undefined;
  for (;;) {
    const page: ScanCommandOutput = await send((client) =>
      client.send(
        new ScanCommand({
          TableName: table,
          ProjectionExpression: 'pk',
          ConsistentRead: true,
          ...(exclusiveStart ? { ExclusiveStartKey: exclusiveStart } : {}),
        }),
      ),
    );
    for (const item of page.Items ?? []) if (item.pk?.S !== undefined) names.add(item.pk.S);
    if (!page.LastEvaluatedKey) break;
    exclusiveStart = page.LastEvaluatedKey;
  }
  return [...names];
}

/**
 * Writes `rows` into the partition `name` with `BatchWriteItem`, 25 items a request, resending what
 * DynamoDB reports unprocessed (with a growing pause) until everything is written.
 */
export async function writeDynamoDbRows(
  table: string,
  label: string,
  name: string,
  rows: readonly KvRow[],
  send: Send,
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    let requests: WriteRequest[] = rows.slice(start, start + BATCH_SIZE).map((row) => ({
      PutRequest: {
        Item: {
          pk: { S: name },
          sk: { S: row.key },
          ...encodeValue(row.value),
          ...(row.expiresAt === null
            ? {}
            : {
                exp: { N: String(row.expiresAt) },
                ttl: { N: String(Math.ceil(row.expiresAt / 1000)) },
              }),
        },
      },
    }));
    for (let round = 0; requests.length > 0; round++) {
      if (round >= UNPROCESSED_ROUNDS) throw engineUnavailable(label, 'writes are not being processed');
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** round)));
      const result: BatchWriteItemCommandOutput = await send((client) =>
        client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } })),
      );
      requests = result.UnprocessedItems?.[table] ?? [];
    }
  }
}
