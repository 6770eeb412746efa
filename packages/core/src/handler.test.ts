import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiNamespace } from './api-namespace.js';
import { CoreErrors } from './core-errors.js';
import { isBlocksError } from './errors.js';
import { createBlocksHandler } from './handler.js';
import { Scope } from './scope.js';
import { NO_ROUTES } from './test-support/rpc.js';

const backend = { api: new ApiNamespace(new Scope('handler-app'), 'api', () => ({ ping: () => 'pong' })) };
const BASE = 'http://127.0.0.1:3001';

function handler(mode: 'sandbox' | 'production' = 'sandbox', port?: number) {
  return createBlocksHandler(backend, { mode, routes: NO_ROUTES, ...(port ? { port } : {}) });
}

const expected = { method: 'POST', path: '/aws-blocks/api' };

describe('R-310 non-RPC requests on the API path', () => {
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
    it(`answers ${method} /aws-blocks/api with 404 and the POST hint`, async () => {
      const res = await handler().fetch(new Request(`${BASE}/aws-blocks/api`, { method }));
      assert.equal(res.status, 404);
      assert.deepEqual(await res.json(), {
        error: `The AWS Blocks JSON-RPC API expects POST, not ${method}.`,
        expected,
      });
    });
  }

  for (const path of ['/aws-blocks/api/', '/aws-blocks/api/api.ping', '/aws-blocks/api/x/y']) {
    it(`answers ${path} with 404 and the "served at" hint, also for POST`, async () => {
      const res = await handler('production').fetch(
        new Request(`${BASE}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      );
      assert.equal(res.status, 404);
      assert.deepEqual(await res.json(), {
        error: 'Not found. The AWS Blocks JSON-RPC API is served at POST /aws-blocks/api.',
        expected,
      });
    });
  }

  it('serves RPC with a query string on the exact path', async () => {
    const res = await handler().fetch(
      new Request(`${BASE}/aws-blocks/api?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"jsonrpc":"2.0","method":"api.ping","id":1}',
      }),
    );
    assert.deepEqual(await res.json(), { jsonrpc: '2.0', result: 'pong', id: 1 });
  });
});

describe('other paths', () => {
  it('answer 404 {"error":"Not Found"}', async () => {
    for (const path of [
      '/',
      '/favicon.ico',
      '/aws-blocks',
      '/aws-blocks/resources',
      '/aws-blocks/settings',
    ]) {
      const res = await handler().fetch(new Request(`${BASE}${path}`));
      assert.equal(res.status, 404, path);
      assert.deepEqual(await res.json(), { error: 'Not Found' });
    }
  });
});

describe('R-406 runtime config route', () => {
  it('answers GET /.blocks-sandbox/config.json in the sandbox with the port and no-store', async () => {
    const res = await handler('sandbox', 4321).fetch(new Request(`${BASE}/.blocks-sandbox/config.json`));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(
      await res.text(),
      '{"apiUrl":"http://localhost:4321/aws-blocks/api","environment":"sandbox"}',
    );
  });

  it('defaults to port 3001, answers only GET, and not in production', async () => {
    const res = await handler('sandbox').fetch(new Request(`${BASE}/.blocks-sandbox/config.json`));
    assert.deepEqual(await res.json(), {
      apiUrl: 'http://localhost:3001/aws-blocks/api',
      environment: 'sandbox',
    });
    const post = await handler('sandbox').fetch(
      new Request(`${BASE}/.blocks-sandbox/config.json`, { method: 'POST' }),
    );
    assert.equal(post.status, 404);
    const production = await handler('production').fetch(new Request(`${BASE}/.blocks-sandbox/config.json`));
    assert.equal(production.status, 404);
  });
});

describe('options', () => {
  it('validates them with clear errors', () => {
    assert.throws(() => createBlocksHandler(null as never, { mode: 'sandbox' }), /backend/);
    assert.throws(
      () => createBlocksHandler({}, { mode: 'sandbox', maxBodyBytes: -1 }),
      (error: unknown) => isBlocksError(error, CoreErrors.InvalidOptions) && error instanceof TypeError,
    );
    assert.throws(() => createBlocksHandler({}, { mode: 'dev' as never }), /mode/);
    assert.throws(
      () => createBlocksHandler({}, { mode: 'sandbox', maxBodyBytes: -1, routes: NO_ROUTES }),
      /maxBodyBytes/,
    );
    assert.throws(() => createBlocksHandler({}, { mode: 'sandbox', port: 70000, routes: NO_ROUTES }), /port/);
    assert.throws(
      () => createBlocksHandler({}, { mode: 'sandbox', allowedOrigins: 'x' as never, routes: NO_ROUTES }),
      /allowedOrigins/,
    );
  });

  it('gives clientAddress from info, or the X-Forwarded-For entry one hop from the right under trustProxy, and https per X-Forwarded-Proto', async () => {
    const seen: unknown[] = [];
    const probe = {
      api: new ApiNamespace(new Scope('p'), 'api', (context) => ({
        who() {
          seen.push([context.request.clientAddress, context.request.url.protocol]);
        },
      })),
    };
    const headers = {
      'content-type': 'application/json',
      'x-forwarded-for': ' 203.0.113.9 , 10.0.0.1',
      'x-forwarded-proto': 'https',
    };
    const body = '{"jsonrpc":"2.0","method":"api.who","id":1}';
    for (const trustProxy of [false, true]) {
      const h = createBlocksHandler(probe, { mode: 'production', routes: NO_ROUTES, trustProxy });
      await h.fetch(new Request(`${BASE}/aws-blocks/api`, { method: 'POST', headers, body }), {
        clientAddress: '10.1.1.1',
      });
    }
    assert.deepEqual(seen, [
      ['10.1.1.1', 'http:'],
      ['10.0.0.1', 'https:'],
    ]);
  });
});
