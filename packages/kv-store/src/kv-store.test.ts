import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { CoreErrors, getSdkIdentifiers, Scope } from '@blockyard/core';
import { resetBlockRegistry } from '@blockyard/core/testing';
import { KVStoreErrors } from './errors.js';
import { KVStore } from './kv-store.js';
import { openEngine } from './open-engine.js';

const engine = await openEngine('memory:');
after(() => engine.close());
const scope = new Scope('my-app', { parent: {} });

describe('KVStore block', () => {
  it('is a Scope child registered as KVStore', () => {
    resetBlockRegistry();
    const store = new KVStore(scope, 'sessions', { engine });
    assert.equal(store.fullId, 'my-app-sessions');
    assert.equal(store.bbName, 'KVStore');
    assert.equal(store.parent, scope);
    assert.deepEqual(Scope.getRegisteredBlocks().blocks, [{ name: 'KVStore', version: '0.1.0' }]);
  });

  it('checks a Standard Schema on put', async () => {
    const schema = {
      '~standard': {
        validate: (value: unknown) =>
          typeof value === 'number' ? { value } : { issues: [{ message: 'expected a number' }] },
      },
    };
    const store = new KVStore<number>(scope, 'typed', { engine, schema });
    await store.put('n', 1);
    await assert.rejects(store.put('n', 'x' as unknown as number), (error: Error) => {
      assert.equal(error.name, KVStoreErrors.ValidationFailed);
      assert.match(error.message, /expected a number/);
      return true;
    });
    assert.equal(await store.get('n'), 1);
  });

  it('fromExisting names the table to use', async () => {
    const a = new KVStore(scope, 'a', { engine, table: KVStore.fromExisting('shared-table') });
    const b = new KVStore(scope, 'b', { engine, table: KVStore.fromExisting('shared-table') });
    assert.equal(a.tableName, 'kv_shared-table');
    await a.put('k', 'from a');
    assert.equal(await b.get('k'), 'from a');
    assert.throws(
      () => new KVStore(scope, 'c', { engine, table: { tableName: 'x' } as never }),
      (error: Error) => error.name === CoreErrors.InvalidOptions,
    );
  });

  it('never shows stored values when inspected', async () => {
    const store = new KVStore(scope, 'secrets', { engine });
    await store.put('token', 'sup3r-s3cret-value');
    assert.equal(await store.get('token'), 'sup3r-s3cret-value');
    assert.ok(!inspect(store, { depth: 10, showHidden: true }).includes('sup3r-s3cret-value'));
  });

  it('validation errors do not echo the value', async () => {
    const store = new KVStore(scope, 'echo', { engine });
    const value = { secret: 'do-not-echo', fn: () => 1 };
    await assert.rejects(store.put('k', value), (error: Error) => {
      assert.ok(!error.message.includes('do-not-echo'));
      return true;
    });
  });
});

describe('KVStore options', () => {
  it('registers its table name as its SDK identifier', () => {
    const store = new KVStore(new Scope('app', { parent: {} }), 'ids');
    assert.deepEqual(getSdkIdentifiers(store), { tableName: store.tableName });
  });

  it('reports a table reference not made by fromExisting as InvalidOptionsError', () => {
    assert.throws(
      () => new KVStore(new Scope('app', { parent: {} }), 'bad', { table: { tableName: 'x' } as never }),
      (error: Error) => error.name === CoreErrors.InvalidOptions,
    );
  });

  it('warns about an unknown option, naming the nearest known one', () => {
    const lines: string[] = [];
    const original = console.warn;
    console.warn = (line: string) => lines.push(line);
    try {
      new KVStore(new Scope('app', { parent: {} }), 'typo', { schemma: undefined } as never);
    } finally {
      console.warn = original;
    }
    assert.equal(lines.length, 1);
    assert.ok(lines[0]?.includes("'schemma'") && lines[0].includes("'schema'"));
  });
});
