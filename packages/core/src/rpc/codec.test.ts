import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiNamespace } from '../api-namespace.js';
import { ApiError } from '../errors.js';
import { createBlocksHandler } from '../handler.js';
import { Scope } from '../scope.js';
import { call, memoryLog, NO_ROUTES, post } from '../test-support/rpc.js';
import { decodeCall, encodeError, encodeSuccess, encodeThrown } from './codec.js';

const ENVELOPE_MESSAGE =
  'Invalid Request: expected JSON-RPC 2.0 — {"jsonrpc":"2.0","method":"namespace.method","params":[...],"id":1}';

const scope = new Scope('codec-app');
const backend = {
  api: new ApiNamespace(scope, 'api', () => ({
    echo(...args: unknown[]) {
      return args;
    },
    'b.c'() {
      return 'nested';
    },
    throwApi() {
      throw new ApiError('Authentication required', 401, { name: 'SessionExpiredException' });
    },
    throwDefaultApi() {
      throw new ApiError('plain', 400);
    },
    throwRetriable() {
      throw new ApiError('later', 503, { name: 'Busy', retriable: true, cause: new Error('secret cause') });
    },
    throwType() {
      throw new TypeError('bad type');
    },
    throwPlain() {
      throw new Error('plain error');
    },
    throwString() {
      throw 'just a string';
    },
  })),
};

function handler(mode: 'sandbox' | 'production' = 'sandbox', maxBodyBytes?: number) {
  return createBlocksHandler(backend, {
    mode,
    routes: NO_ROUTES,
    log: memoryLog(),
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
  });
}

describe('R-304 validation order and error responses', () => {
  it('1: a body over the limit answers 413 PayloadTooLarge with id null, before parsing', async () => {
    const body = `{"jsonrpc":"2.0","method":"api.echo","id":5,"params":["${'x'.repeat(200)}"]}`;
    const small = handler('sandbox', 100);
    const res = await post(small, body);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      jsonrpc: '2.0',
      error: {
        code: 413,
        message: 'Request body exceeds the 100 byte (100 B) limit',
        data: { name: 'PayloadTooLarge' },
      },
      id: null,
    });
    const invalid = await post(small, `not json ${'x'.repeat(200)}`);
    assert.equal((invalid.json as { error: { code: number } }).error.code, 413);
  });

  it('1: uses the exact 10 MiB message by default', async () => {
    const res = await post(handler(), new Uint8Array(10 * 1024 * 1024 + 1));
    assert.deepEqual(res.json, {
      jsonrpc: '2.0',
      error: {
        code: 413,
        message: 'Request body exceeds the 10485760 byte (10 MiB) limit',
        data: { name: 'PayloadTooLarge' },
      },
      id: null,
    });
  });

  it('1: a body of exactly the limit is accepted', async () => {
    const body = '{"jsonrpc":"2.0","method":"api.echo","params":[1],"id":1}';
    const res = await post(handler('sandbox', Buffer.byteLength(body)), body);
    assert.deepEqual(res.json, { jsonrpc: '2.0', result: [1], id: 1 });
  });

  it('2: invalid JSON answers -32700 Parse error without data, id null', async () => {
    const res = await post(handler(), '{"jsonrpc":"2.0",');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(res.json, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
  });

  it('2: an empty body is treated as {} and fails step 3', async () => {
    const res = await post(handler(), '');
    assert.deepEqual(res.json, {
      jsonrpc: '2.0',
      error: { code: -32600, message: ENVELOPE_MESSAGE, data: { name: 'InvalidRequest' } },
      id: null,
    });
  });

  it('3: a wrong jsonrpc version or non-string method answers -32600 with the id echoed', async () => {
    for (const body of [
      { jsonrpc: '1.0', method: 'api.echo', id: 9 },
      { jsonrpc: 2, method: 'api.echo', id: 9 },
      { method: 'api.echo', id: 9 },
      { jsonrpc: '2.0', method: 42, id: 9 },
      { jsonrpc: '2.0', id: 9 },
    ]) {
      const res = await post(handler(), JSON.stringify(body));
      assert.deepEqual(res.json, {
        jsonrpc: '2.0',
        error: { code: -32600, message: ENVELOPE_MESSAGE, data: { name: 'InvalidRequest' } },
        id: 9,
      });
    }
  });

  it('3: an absent id is echoed as null; string and number ids as they are', async () => {
    const noId = await post(handler(), '{"jsonrpc":"1.0","method":"api.echo"}');
    assert.equal((noId.json as { id: unknown }).id, null);
    const numberId = await post(handler(), '{"jsonrpc":"2.0","method":"api.echo","id":-1.5}');
    assert.equal((numberId.json as { id: unknown }).id, -1.5);
    const stringId = await post(handler(), '{"jsonrpc":"2.0","method":"api.echo","id":"x"}');
    assert.equal((stringId.json as { id: unknown }).id, 'x');
  });

  it('3 (D-22): an id that is not a string, a number or null answers -32600 with id null', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    for (const id of ['{"a":[1]}', '[1]', 'true', deep, `{"a":${deep}}`]) {
      for (const body of [
        `{"jsonrpc":"2.0","method":"api.echo","id":${id}}`,
        `{"jsonrpc":"1.0","method":${deep},"id":${id}}`,
      ]) {
        const res = await post(handler(), body);
        assert.equal(res.status, 200);
        const json = res.json as { error: { code: number; data: { name: string } }; id: unknown };
        assert.equal(json.error.code, -32600);
        assert.equal(json.error.data.name, 'InvalidRequest');
        assert.equal(json.id, null);
      }
    }
  });

  it('3 (R-308): a batch array answers -32600 with id null', async () => {
    const res = await post(handler(), JSON.stringify([{ jsonrpc: '2.0', method: 'api.echo', id: 1 }]));
    assert.deepEqual(res.json, {
      jsonrpc: '2.0',
      error: { code: -32600, message: ENVELOPE_MESSAGE, data: { name: 'InvalidRequest' } },
      id: null,
    });
  });

  it('3 (D-03): a literal null body answers -32600 instead of failing', async () => {
    for (const body of ['null', '5', '"text"', 'true']) {
      const res = await post(handler(), body);
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, {
        jsonrpc: '2.0',
        error: { code: -32600, message: ENVELOPE_MESSAGE, data: { name: 'InvalidRequest' } },
        id: null,
      });
    }
  });

  it('4: a method without a dot answers -32600', async () => {
    assert.deepEqual(await call(handler(), 'echo', [], 4), {
      jsonrpc: '2.0',
      error: {
        code: -32600,
        message: 'Invalid Request: method must be "namespace.method"',
        data: { name: 'InvalidRequest' },
      },
      id: 4,
    });
  });

  it('5: params null or a primitive answers -32602', async () => {
    for (const params of [null, 'x', 1, true]) {
      assert.deepEqual(await call(handler(), 'api.echo', params, 5), {
        jsonrpc: '2.0',
        error: {
          code: -32602,
          message: 'Invalid params: expected an array or object',
          data: { name: 'InvalidParams' },
        },
        id: 5,
      });
    }
  });

  it('6: an unknown namespace answers -32601, listing the namespaces only in the sandbox', async () => {
    assert.deepEqual(await call(handler('sandbox'), 'nope.echo', [], 6), {
      jsonrpc: '2.0',
      error: { code: -32601, message: "Method not found: API 'nope' not found. Available: api" },
      id: 6,
    });
    assert.deepEqual(await call(handler('production'), 'nope.echo', [], 6), {
      jsonrpc: '2.0',
      error: { code: -32601, message: "Method not found: API 'nope' not found" },
      id: 6,
    });
  });

  it('7: a missing method answers -32601 naming method and namespace', async () => {
    assert.deepEqual(await call(handler(), 'api.missing', [], 7), {
      jsonrpc: '2.0',
      error: { code: -32601, message: "Method not found: 'missing' on API 'api'" },
      id: 7,
    });
  });

  it('R-302: the namespace ends at the first dot, the method is the rest', async () => {
    assert.deepEqual(await call(handler(), 'api.b.c', []), { jsonrpc: '2.0', result: 'nested', id: 1 });
  });

  it('checks params before the namespace, and the namespace before the method', async () => {
    const params = (await call(handler(), 'nope.missing', 3)) as { error: { code: number } };
    assert.equal(params.error.code, -32602);
  });
});

describe('R-303 params', () => {
  it('absent params call with no arguments', async () => {
    assert.deepEqual(await call(handler(), 'api.echo'), { jsonrpc: '2.0', result: [], id: 1 });
  });
  it('an array is passed positionally', async () => {
    assert.deepEqual(await call(handler(), 'api.echo', [1, 'a', null]), {
      jsonrpc: '2.0',
      result: [1, 'a', null],
      id: 1,
    });
  });
  it('an object passes its values in key insertion order', async () => {
    assert.deepEqual(await call(handler(), 'api.echo', { b: 2, a: 1 }), {
      jsonrpc: '2.0',
      result: [2, 1],
      id: 1,
    });
  });
});

describe('R-306 error encoding', () => {
  it('an ApiError carries status as code, message and name (R-307)', async () => {
    assert.deepEqual(await call(handler('production'), 'api.throwApi', []), {
      jsonrpc: '2.0',
      error: { code: 401, message: 'Authentication required', data: { name: 'SessionExpiredException' } },
      id: 1,
    });
  });
  it('a default ApiError carries name ApiError', async () => {
    assert.deepEqual(await call(handler(), 'api.throwDefaultApi', []), {
      jsonrpc: '2.0',
      error: { code: 400, message: 'plain', data: { name: 'ApiError' } },
      id: 1,
    });
  });
  it('retriable: true is sent only for retriable ApiErrors, and the cause never crosses the wire', async () => {
    const res = await post(handler(), '{"jsonrpc":"2.0","method":"api.throwRetriable","id":1}');
    assert.deepEqual(res.json, {
      jsonrpc: '2.0',
      error: { code: 503, message: 'later', data: { name: 'Busy', retriable: true } },
      id: 1,
    });
    assert.equal(res.text.includes('secret cause'), false);
  });
  it('sandbox: a TypeError shows code 500, its message and name TypeError', async () => {
    assert.deepEqual(await call(handler('sandbox'), 'api.throwType', []), {
      jsonrpc: '2.0',
      error: { code: 500, message: 'bad type', data: { name: 'TypeError' } },
      id: 1,
    });
  });
  it('sandbox: a plain Error (name "Error") has no data', async () => {
    assert.deepEqual(await call(handler('sandbox'), 'api.throwPlain', []), {
      jsonrpc: '2.0',
      error: { code: 500, message: 'plain error' },
      id: 1,
    });
  });
  it('sandbox: a thrown non-Error uses String(value)', async () => {
    assert.deepEqual(await call(handler('sandbox'), 'api.throwString', []), {
      jsonrpc: '2.0',
      error: { code: 500, message: 'just a string' },
      id: 1,
    });
  });
  it('D-02 production: any non-ApiError answers 500 InternalError "Internal error"', async () => {
    for (const method of ['api.throwType', 'api.throwPlain', 'api.throwString']) {
      assert.deepEqual(await call(handler('production'), method, []), {
        jsonrpc: '2.0',
        error: { code: 500, message: 'Internal error', data: { name: 'InternalError' } },
        id: 1,
      });
    }
  });
});

describe('codec units', () => {
  it('decodeCall splits method and collects args', () => {
    assert.deepEqual(decodeCall('{"jsonrpc":"2.0","method":"a.b.c","params":{"x":1},"id":3}'), {
      id: 3,
      namespace: 'a',
      method: 'b.c',
      args: [1],
    });
  });
  it('encodeSuccess drops an undefined result and turns an undefined id into null', () => {
    assert.equal(encodeSuccess(undefined, undefined), '{"jsonrpc":"2.0","id":null}');
    assert.equal(encodeSuccess(1, { toJSON: () => 'j' }), '{"jsonrpc":"2.0","result":"j","id":1}');
  });
  it('encodeError omits empty data', () => {
    assert.equal(encodeError(1, -1, 'm', {}), '{"jsonrpc":"2.0","error":{"code":-1,"message":"m"},"id":1}');
  });
  it('encodeThrown hides internals unless asked', () => {
    assert.deepEqual(encodeThrown(new RangeError('x'), false), {
      code: 500,
      message: 'Internal error',
      data: { name: 'InternalError' },
    });
    assert.deepEqual(encodeThrown(new RangeError('x'), true), {
      code: 500,
      message: 'x',
      data: { name: 'RangeError' },
    });
  });

  it('asks for a retry later (Retry-After) only for a retriable 503', () => {
    const outage = new ApiError('The database is unavailable', 503, { name: 'Down', retriable: true });
    assert.equal(encodeThrown(outage, false).retryAfter, '2');
    const final = new ApiError('Broken', 503, { name: 'Broken' });
    assert.equal(encodeThrown(final, false).retryAfter, undefined);
    const busy = new ApiError('Conflict', 409, { name: 'Conflict', retriable: true });
    assert.equal(encodeThrown(busy, false).retryAfter, undefined);
  });
});
