import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { EngineOptions, KvEngine, KvRow } from '@blockyard/kv-store';
import { type KvEngineData, type KvSnapshot, sortTableNames, TableEngine } from '@blockyard/kv-store/engine';
import { TTL_ATTRIBUTE } from './attributes.js';
import { listDynamoDbTables, writeDynamoDbRows } from './dynamodb-data.js';
import { isConditionFailed, isThrottled, translateDynamoDbError } from './dynamodb-errors.js';
import { type DynamoDbCall, DynamoDbTable, type DynamoDbTableContext } from './dynamodb-table.js';
import { type DynamoDbLocation, isLoopbackEndpoint, parseDynamoDbUrl } from './dynamodb-url.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from './retry.js';

export { TTL_ATTRIBUTE } from './attributes.js';

/** Options of {@link DynamoDbEngine}. */
export interface DynamoDbEngineOptions extends EngineOptions {
  /** How throttled requests are retried; missing fields take the defaults. */
  retry?: Partial<RetryPolicy>;
  /** A client to use instead of one made from the URL (it is not destroyed by `close`). */
  client?: DynamoDBClient;
}

function isAlreadyThere(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ResourceInUseException';
}

/**
 * The AWS engine: every KVStore table of the process lives in one DynamoDB table, as the partition
 * `pk = <table name>` with the item key as sort key `sk`, so a prefix scan is one paged `Query` in
 * UTF-8 byte order. Values are in `v` (JSON text), counters in the number `n` (so `ADD` applies),
 * expiry in `exp` (epoch ms, read-time expiry with the application clock) and `ttl` (epoch seconds,
 * for DynamoDB's own TTL deletion). Background purging is off by default: on AWS, TTL deletes.
 */
export class DynamoDbEngine extends TableEngine<DynamoDbTable> implements KvEngine, KvEngineData {
  readonly kind = 'dynamodb' as const;
  /** DynamoDB has no multi-item snapshot: a view is a series of strongly consistent reads. */
  readonly snapshotIsolation = false;
  readonly description: string;
  readonly #location: DynamoDbLocation;
  readonly #client: DynamoDBClient;
  readonly #ownsClient: boolean;
  readonly #retry: RetryPolicy;
  #ready: Promise<void> | undefined;

  /** Creates the client; nothing is sent until the first operation. */
  constructor(url: string, options: DynamoDbEngineOptions = {}) {
    const location = parseDynamoDbUrl(url);
    const { retry, client, ...engineOptions } = options;
    super(
      { ...engineOptions, purgeIntervalMs: engineOptions.purgeIntervalMs ?? 0 },
      { subject: location.label, reason: 'the engine is closed' },
    );
    this.#location = location;
    this.description = location.description;
    this.#retry = { ...DEFAULT_RETRY, ...retry };
    this.#ownsClient = client === undefined;
    this.#client =
      client ??
      new DynamoDBClient({
        ...(location.region ? { region: location.region } : {}),
        ...(location.endpoint ? { endpoint: location.endpoint } : {}),
        // A local implementation does not check signatures; real credentials stay in use when set.
        ...(isLoopbackEndpoint(location.endpoint) && !process.env.AWS_ACCESS_KEY_ID
          ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
          : {}),
        // Throttling is retried below, with jitter and a known budget; one layer of retries only.
        maxAttempts: 1,
      });
    this.startPurge();
  }

  protected override createTable(name: string): DynamoDbTable {
    const context: DynamoDbTableContext = {
      table: this.#location.table,
      label: this.#location.label,
      now: () => this.now(),
      send: (command) => this.#send(command),
    };
    return new DynamoDbTable(name, context);
  }

  /** The KVStore tables (partitions) that hold items; reads every item's key once. */
  async listTables(): Promise<string[]> {
    return sortTableNames(await listDynamoDbTables(this.#location.table, (call) => this.#send(call)));
  }

  /**
   * A view reading the live table (strongly consistent, page by page): DynamoDB offers no snapshot
   * across items, so writes made while a view is read may or may not show in it.
   */
  async readSnapshot<R>(read: (snapshot: KvSnapshot) => Promise<R>): Promise<R> {
    return read({
      tables: () => this.listTables(),
      scan: (table, request = {}) => this.table(table).scan(request),
    });
  }

  /** Writes `rows` with `BatchWriteItem`, 25 a request. */
  async writeRows(table: string, rows: readonly KvRow[]): Promise<void> {
    this.table(table);
    await writeDynamoDbRows(this.#location.table, this.#location.label, table, rows, (call) =>
      this.#send(call),
    );
  }

  protected override async release(): Promise<void> {
    if (this.#ownsClient) this.#client.destroy();
  }

  /**
   * Sends one command, retrying throttling with backoff. A failed condition is handed back as is
   * (callers turn it into `false`); every other error becomes a KVStore ApiError.
   */
  async #send<T>(call: DynamoDbCall<T>): Promise<T> {
    this.assertOpen();
    try {
      if (this.#location.createTable) {
        this.#ready ??= this.#ensureTable().catch((error: unknown) => {
          this.#ready = undefined;
          throw error;
        });
        await this.#ready;
      }
      const result = await withRetries(() => call(this.#client), isThrottled, this.#retry);
      this.outages.succeeded();
      return result;
    } catch (error) {
      if (isConditionFailed(error)) throw error;
      throw this.outages.failed(translateDynamoDbError(error, this.#location.label));
    }
  }

  /** Creates the table when it is missing and waits until it is active; safe when raced. */
  async #ensureTable(): Promise<void> {
    const TableName = this.#location.table;
    const status = async () => {
      try {
        const { Table } = await this.#client.send(new DescribeTableCommand({ TableName }));
        return Table?.TableStatus ?? 'MISSING';
      } catch (error) {
        if ((error as { name?: string }).name === 'ResourceNotFoundException') return 'MISSING';
        throw error;
      }
    };
    if ((await status()) === 'ACTIVE') return;
    try {
      await this.#client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      );
    } catch (error) {
      if (!isAlreadyThere(error)) throw error;
    }
    for (let i = 0; i < 600 && (await status()) !== 'ACTIVE'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.#client
      .send(
        new UpdateTimeToLiveCommand({
          TableName,
          TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        }),
      )
      // Local implementations may not know TTL, and read-time expiry holds without it.
      .catch(() => {});
  }
}
