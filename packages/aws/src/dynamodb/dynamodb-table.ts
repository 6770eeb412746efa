import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DeleteCondition, KvRow, KvTable, ScanRequest, WriteCondition } from '@blockyard/kv-store';
import { addToCounter, compareUtf8, engineUnavailable, parseCounter } from '@blockyard/kv-store/engine';
import { isConditionFailed } from './dynamodb-errors.js';
import { decodeValue, encodeValue } from './stored-value.js';

/** Most items one scan page reads. */
export const SCAN_PAGE_SIZE = 100;
/** Conditional rounds an increment tries before reporting contention (each round is one race lost). */
const INCREMENT_ROUNDS = 64;

type Item = Record<string, AttributeValue>;

/** One request to DynamoDB, made with the engine's client. */
export type DynamoDbCall<T> = (client: DynamoDBClient) => Promise<T>;

/** What a table needs from its engine. */
export interface DynamoDbTableContext {
  /** The DynamoDB table name. */
  table: string;
  /** `DynamoDB table <name>`, for error messages. */
  label: string;
  now(): number;
  /** Sends a command (retrying throttling); condition failures are rethrown as the SDK's error. */
  send<T>(call: DynamoDbCall<T>): Promise<T>;
}

const NAMES = { '#v': 'v', '#z': 'z', '#n': 'n', '#e': 'exp' };
const LIVE = '(attribute_not_exists(#e) OR #e > :now)';
const ABSENT = 'attribute_not_exists(pk) OR #e <= :now';

function num(value: number): AttributeValue {
  return { N: String(value) };
}

function expiryOf(item: Item): number | null {
  return item.exp?.N === undefined ? null : Number(item.exp.N);
}

/** `value` as a counter number when it is one in canonical JSON, so `equals` also matches counters. */
function asCounterText(value: string): string | undefined {
  return /^-?(0|[1-9]\d{0,15})$/.test(value) && Number.isSafeInteger(Number(value)) ? value : undefined;
}

/** One KVStore table: the partition `pk = name` of the engine's DynamoDB table. */
export class DynamoDbTable implements KvTable {
  readonly #pk: AttributeValue;
  readonly #context: DynamoDbTableContext;

  constructor(name: string, context: DynamoDbTableContext) {
    this.#pk = { S: name };
    this.#context = context;
  }

  #key(key: string): Item {
    return { pk: this.#pk, sk: { S: key } };
  }

  #isLive(item: Item | undefined): item is Item {
    if (!item) return false;
    const exp = expiryOf(item);
    return exp === null || exp > this.#context.now();
  }

  #expiry(expiresAt: number | null): Item {
    return expiresAt === null ? {} : { exp: num(expiresAt), ttl: num(Math.ceil(expiresAt / 1000)) };
  }

  /** Runs a conditional write; `false` when its condition did not hold. */
  async #conditional(call: DynamoDbCall<unknown>): Promise<boolean> {
    try {
      await this.#context.send(call);
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** The condition "live and holding `value`", for compare-and-set and compare-and-delete. */
  #equals(value: string): { expression: string; values: Item } {
    const encoded = encodeValue(value);
    if (encoded.z) {
      return {
        expression: `#z = :old AND ${LIVE}`,
        values: { ':old': encoded.z, ':now': num(this.#context.now()) },
      };
    }
    const counter = asCounterText(value);
    return {
      expression: `(#v = :old${counter === undefined ? '' : ' OR #n = :oldn'}) AND ${LIVE}`,
      values: {
        ':old': { S: value },
        ':now': num(this.#context.now()),
        ...(counter === undefined ? {} : { ':oldn': { N: counter } }),
      },
    };
  }

  async #read(key: string): Promise<Item | undefined> {
    const { Item } = await this.#context.send((client) =>
      client.send(
        new GetItemCommand({ TableName: this.#context.table, Key: this.#key(key), ConsistentRead: true }),
      ),
    );
    return Item;
  }

  async get(key: string): Promise<string | null> {
    const item = await this.#read(key);
    return this.#isLive(item) ? decodeValue(item) : null;
  }

  async put(key: string, value: string, expiresAt: number | null, condition?: WriteCondition) {
    const Item = { ...this.#key(key), ...encodeValue(value), ...this.#expiry(expiresAt) };
    const TableName = this.#context.table;
    if (!condition) {
      await this.#context.send((client) => client.send(new PutItemCommand({ TableName, Item })));
      return true;
    }
    if (condition.kind === 'absent') {
      return this.#conditional((client) =>
        client.send(
          new PutItemCommand({
            TableName,
            Item,
            ConditionExpression: ABSENT,
            ExpressionAttributeNames: { '#e': NAMES['#e'] },
            ExpressionAttributeValues: { ':now': num(this.#context.now()) },
          }),
        ),
      );
    }
    const { expression, values } = this.#equals(condition.value);
    return this.#conditional((client) =>
      client.send(
        new PutItemCommand({
          TableName,
          Item,
          ConditionExpression: expression,
          ExpressionAttributeNames: this.#names(expression),
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async delete(key: string, condition?: DeleteCondition) {
    const base = { TableName: this.#context.table, Key: this.#key(key) };
    if (!condition) {
      await this.#context.send((client) => client.send(new DeleteItemCommand(base)));
      return true;
    }
    if (condition.kind === 'exists') {
      return this.#conditional((client) =>
        client.send(
          new DeleteItemCommand({
            ...base,
            ConditionExpression: `attribute_exists(pk) AND ${LIVE}`,
            ExpressionAttributeNames: { '#e': NAMES['#e'] },
            ExpressionAttributeValues: { ':now': num(this.#context.now()) },
          }),
        ),
      );
    }
    const { expression, values } = this.#equals(condition.value);
    return this.#conditional((client) =>
      client.send(
        new DeleteItemCommand({
          ...base,
          ConditionExpression: expression,
          ExpressionAttributeNames: this.#names(expression),
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /**
   * A live counter takes one atomic `ADD`, guarded so the sum stays a safe integer. Otherwise the
   * item is read once: a missing or expired one is created with put-if-absent, a live JSON integer
   * (written by `put`) is turned into a counter with compare-and-set, anything else is refused. A
   * lost race (another caller created or converted the item first) goes round again to the `ADD`.
   */
  async increment(key: string, by: number, expiresAtIfNew: number | null) {
    const TableName = this.#context.table;
    for (let round = 0; round < INCREMENT_ROUNDS; round++) {
      const now = this.#context.now();
      try {
        const { Attributes } = await this.#context.send((client) =>
          client.send(
            new UpdateItemCommand({
              TableName,
              Key: this.#key(key),
              UpdateExpression: 'ADD #n :by',
              ConditionExpression: `attribute_exists(#n) AND ${LIVE} AND #n BETWEEN :lo AND :hi`,
              ExpressionAttributeNames: { '#n': 'n', '#e': 'exp' },
              ExpressionAttributeValues: {
                ':by': num(by),
                ':now': num(now),
                ':lo': num(-Number.MAX_SAFE_INTEGER - by),
                ':hi': num(Number.MAX_SAFE_INTEGER - by),
              },
              ReturnValues: 'UPDATED_NEW',
            }),
          ),
        );
        return Number(Attributes?.n?.N);
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
      const item = await this.#read(key);
      if (!this.#isLive(item)) {
        const created = addToCounter(0, by);
        const Item = { ...this.#key(key), n: num(created), ...this.#expiry(expiresAtIfNew) };
        const put = new PutItemCommand({
          TableName,
          Item,
          ConditionExpression: ABSENT,
          ExpressionAttributeNames: { '#e': 'exp' },
          ExpressionAttributeValues: { ':now': num(this.#context.now()) },
        });
        if (await this.#conditional((client) => client.send(put))) return created;
        continue;
      }
      if (item.n?.N !== undefined) {
        // The ADD's range guard failed, unless the counter changed in between: then go round again.
        addToCounter(Number(item.n.N), by);
        continue;
      }
      const text = item.v?.S ?? '';
      const next = addToCounter(parseCounter(text), by);
      const convert = new UpdateItemCommand({
        TableName,
        Key: this.#key(key),
        UpdateExpression: 'SET #n = :next REMOVE #v',
        ConditionExpression: `#v = :old AND ${LIVE}`,
        ExpressionAttributeNames: { '#n': 'n', '#v': 'v', '#e': 'exp' },
        ExpressionAttributeValues: {
          ':next': num(next),
          ':old': { S: text },
          ':now': num(this.#context.now()),
        },
      });
      if (await this.#conditional((client) => client.send(convert))) return next;
    }
    throw engineUnavailable(this.#context.label, 'too much contention on one counter');
  }

  async take(key: string) {
    const { Attributes } = await this.#context.send((client) =>
      client.send(
        new DeleteItemCommand({
          TableName: this.#context.table,
          Key: this.#key(key),
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return this.#isLive(Attributes) ? decodeValue(Attributes) : null;
  }

  scan(request: ScanRequest): AsyncIterable<KvRow> {
    // An empty start key means no bound, as in every engine.
    return this.#pages(
      request.prefix ?? '',
      request.startAfter || undefined,
      request.includeExpired === true,
    );
  }

  /**
   * Reads the partition in key order, one `Query` page of at most {@link SCAN_PAGE_SIZE} items at a
   * time, from just after `startAfter` when given (a start key is the `ExclusiveStartKey` of the
   * first page, so resuming a scan costs nothing extra).
   */
  async *#pages(prefix: string, startAfter: string | undefined, includeExpired: boolean) {
    let exclusiveStart: Item | undefined;
    if (startAfter !== undefined && compareUtf8(startAfter, prefix) >= 0) {
      // Past every key with the prefix: nothing is left to read.
      if (!startAfter.startsWith(prefix)) return;
      exclusiveStart = this.#key(startAfter);
    }
    for (;;) {
      const page: QueryCommandOutput = await this.#context.send((client) =>
        client.send(
          new QueryCommand({
            TableName: this.#context.table,
            KeyConditionExpression: prefix === '' ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: {
              ':pk': this.#pk,
              ...(prefix === '' ? {} : { ':prefix': { S: prefix } }),
            },
            ConsistentRead: true,
            Limit: SCAN_PAGE_SIZE,
            ...(exclusiveStart ? { ExclusiveStartKey: exclusiveStart } : {}),
          }),
        ),
      );
      const now = this.#context.now();
      for (const item of page.Items ?? []) {
        const expiresAt = expiryOf(item);
        if (!includeExpired && expiresAt !== null && expiresAt <= now) continue;
        yield { key: item.sk?.S ?? '', value: decodeValue(item), expiresAt };
      }
      if (!page.LastEvaluatedKey) return;
      exclusiveStart = page.LastEvaluatedKey;
    }
  }

  async purgeExpired(limit: number) {
    const expired: string[] = [];
    let exclusiveStart: Item | undefined;
    while (expired.length < limit) {
      const page: QueryCommandOutput = await this.#context.send((client) =>
        client.send(
          new QueryCommand({
            TableName: this.#context.table,
            KeyConditionExpression: 'pk = :pk',
            FilterExpression: '#e <= :now',
            ProjectionExpression: 'sk',
            ExpressionAttributeNames: { '#e': 'exp' },
            ExpressionAttributeValues: { ':pk': this.#pk, ':now': num(this.#context.now()) },
            ...(exclusiveStart ? { ExclusiveStartKey: exclusiveStart } : {}),
          }),
        ),
      );
      for (const item of page.Items ?? []) if (item.sk?.S !== undefined) expired.push(item.sk.S);
      if (!page.LastEvaluatedKey) break;
      exclusiveStart = page.LastEvaluatedKey;
    }
    let deleted = 0;
    for (const key of expired.slice(0, limit)) {
      // Conditional: an item written again since the query is live and stays.
      const gone = await this.#conditional((client) =>
        client.send(
          new DeleteItemCommand({
            TableName: this.#context.table,
            Key: this.#key(key),
            ConditionExpression: '#e <= :now',
            ExpressionAttributeNames: { '#e': 'exp' },
            ExpressionAttributeValues: { ':now': num(this.#context.now()) },
          }),
        ),
      );
      if (gone) deleted++;
    }
    return deleted;
  }

  #names(expression: string): Record<string, string> {
    return Object.fromEntries(Object.entries(NAMES).filter(([alias]) => expression.includes(alias)));
  }
}
