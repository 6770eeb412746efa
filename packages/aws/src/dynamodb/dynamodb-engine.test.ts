import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Scope } from '@blockyard/core';
import { KVStore, KVStoreErrors, openEngine } from '@blockyard/kv-store';
import { runKvConformance } from '@blockyard/kv-store/testing';
import { startLocalDynamoDb, startThrottlingProxy } from '../test-support/local-dynamodb.js';
import { DynamoDbEngine } from './dynamodb-engine.js';
import { parseDynamoDbUrl } from './dynamodb-url.js';
import { registerDynamoDbEngine } from './register.js';

const local = await startLocalDynamoDb();
after(() => local.stop());
const suiteUrl = local.url();

runKvConformance({
  name: 'dynamodb',
  open: async (options) => new DynamoDbEngine(suiteUrl, options),
  sharedStorage: true,
  isolatedSnapshots: false,
});

function isNamed(name: string) {
  return (error: Error) => {
    assert.equal(error.name, name, error.message);
    return true;
  };
}

describe('DynamoDB engine URL', () => {
  it('reads table (case kept), region, endpoint and createTable', () => {
    const location = parseDynamoDbUrl(
      'dynamodb://My_Table.v2?region=eu-west-1&endpoint=http%3A%2F%2F127.0.0.1%3A8000&createTable=1',
    );
    assert.equal(location.table, 'My_Table.v2');
    assert.equal(location.region, 'eu-west-1');
    assert.equal(location.endpoint, 'http://127.0.0.1:8000');
    assert.equal(location.createTable, true);
    assert.equal(parseDynamoDbUrl('dynamodb://blocks').createTable, false);
    assert.equal(parseDynamoDbUrl('dynamodb://blocks').region, undefined);
  });

  it('refuses malformed URLs with ValidationFailedException', () => {
    for (const url of [
      'dynamodb://',
      'dynamodb://ab',
      'dynamodb://bad name',
      'dynamodb://t1234?colour=red',
      'dynamodb://t1234?endpoint=ftp://x',
      'dynamodb://t1234?region=EU WEST',
      'dynamodb://t1234?createTable=maybe',
    ]) {
      assert.throws(() => parseDynamoDbUrl(url), isNamed(KVStoreErrors.ValidationFailed), url);
    }
  });

  it('is opened by openEngine once the scheme is registered', async () => {
    registerDynamoDbEngine();
    const engine = await openEngine(local.url());
    try {
      assert.equal(engine.kind, 'dynamodb');
      assert.match(engine.description, /^dynamodb:\/\/bb-test-/);
      const table = engine.table('kv_registered');
      await table.put('k', '"v"', null);
      assert.equal(await table.get('k'), '"v"');
    } finally {
      await engine.close();
    }
  });
});

describe('DynamoDB engine', () => {
  const scope = new Scope('dynamodb-engine', { parent: {} });

  it('stores expiry as epoch ms for reads and epoch seconds in the TTL attribute', async () => {
    const url = local.url();
    const engine = new DynamoDbEngine(url, { now: () => 1_800_000_000_500 });
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: local.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const store = new KVStore(scope, 'ttl', { engine });
      await store.put('k', 'v', { ttlSeconds: 10 });
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: parseDynamoDbUrl(url).table,
          Key: { pk: { S: store.tableName }, sk: { S: 'k' } },
        }),
      );
      assert.equal(Item?.exp?.N, '1800000010500');
      assert.equal(Item?.ttl?.N, '1800000011');
      assert.equal(Item?.v?.S, '"v"');
    } finally {
      client.destroy();
      await engine.close();
    }
  });

  it('keeps counters in a number attribute, and compare-and-set still matches them', async () => {
    const engine = new DynamoDbEngine(local.url());
    try {
      const store = new KVStore<number>(scope, 'counters', { engine });
      assert.equal(await store.increment('n', 41), 41);
      await store.put('n', 42, { ifValueEquals: 41 });
      assert.equal(await store.get('n'), 42);
      assert.equal(await store.increment('n'), 43);
      await store.delete('n', { ifValueEquals: 43 });
      assert.equal(await store.get('n'), null);
    } finally {
      await engine.close();
    }
  });

  it('retries throttled requests with growing, jittered delays and then succeeds', async () => {
    const proxy = await startThrottlingProxy(local.endpoint);
    const delays: number[] = [];
    const url = local.url().replace(encodeURIComponent(local.endpoint), encodeURIComponent(proxy.endpoint));
    const engine = new DynamoDbEngine(url, {
      retry: { sleep: async (ms) => void delays.push(ms), random: () => 0.999, baseDelayMs: 10 },
    });
    try {
      const store = new KVStore(scope, 'throttled', { engine });
      await store.put('warm', 1);
      proxy.throttleNext(3);
      const before = proxy.stats.requests;
      assert.equal(await store.increment('n', 5), 5);
      assert.equal(proxy.stats.throttled, 3);
      assert.ok(proxy.stats.requests - before >= 4);
      assert.deepEqual(delays, [9, 19, 39]);
    } finally {
      await engine.close();
      await proxy.stop();
    }
  });

  it('reports throttling that outlasts the retries as a retriable EngineUnavailable', async () => {
    const proxy = await startThrottlingProxy(local.endpoint);
    const url = local.url().replace(encodeURIComponent(local.endpoint), encodeURIComponent(proxy.endpoint));
    const engine = new DynamoDbEngine(url, { retry: { sleep: async () => {}, maxAttempts: 4 } });
    try {
      const store = new KVStore(scope, 'exhausted', { engine });
      await store.put('warm', 1);
      proxy.throttleNext(100);
      const before = proxy.stats.requests;
      await assert.rejects(store.get('warm'), (error: Error & { status?: number; retriable?: boolean }) => {
        assert.equal(error.name, KVStoreErrors.EngineUnavailable);
        assert.equal(error.status, 503);
        assert.equal(error.retriable, true);
        return true;
      });
      assert.equal(proxy.stats.requests - before, 4);
    } finally {
      await engine.close();
      await proxy.stop();
    }
  });

  it('reports a missing table (without createTable) and a closed port as EngineUnavailable', async () => {
    const missing = new DynamoDbEngine(
      `dynamodb://no-such-table?region=us-east-1&endpoint=${local.endpoint}`,
    );
    const refused = new DynamoDbEngine('dynamodb://t123?region=us-east-1&endpoint=http://127.0.0.1:9');
    try {
      await assert.rejects(missing.table('kv_a').get('k'), isNamed(KVStoreErrors.EngineUnavailable));
      await assert.rejects(refused.table('kv_a').get('k'), isNamed(KVStoreErrors.EngineUnavailable));
    } finally {
      await missing.close();
      await refused.close();
    }
    await assert.rejects(
      async () => missing.table('kv_a').get('k'),
      isNamed(KVStoreErrors.EngineUnavailable),
    );
  });
});
