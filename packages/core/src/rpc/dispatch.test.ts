import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiNamespace } from '../api-namespace.js';
import { ApiError } from '../errors.js';
import { createBlocksHandler } from '../handler.js';
import { Scope } from '../scope.js';
import { call, memoryLog, NO_ROUTES, post, RPC_URL } from '../test-support/rpc.js';

const scope = new Scope('dispatch-app');
class Block extends Scope {
  greet() {
    return 'block';
  }
}

function methodNotFound(id = 1) {
  return (message: string) => ({ jsonrpc: '2.0', error: { code: -32601, message }, id });
}

describe('D-01 only ApiNamespace exports and their own methods are callable', () => {
  const api = new ApiNamespace(scope, 'api', () => ({
    hello() {
      return 'hi';
    },
  }));
  const backend: Record<string, unknown> = {
    api,
    _hidden: new ApiNamespace(scope, 'hidden', () => ({ hello: () => 'secret' })),
    plainObject: { hello: () => 'object' },
    plainFunction: () => ({ hello: () => 'function' }),
    block: new Block('block', { parent: scope }),
    scope,
  };
  const handler = createBlocksHandler(backend, { mode: 'production', routes: NO_ROUTES });
  const notFound = methodNotFound();

  it('calls an ApiNamespace method', async () => {
    assert.deepEqual(await call(handler, 'api.hello', []), { jsonrpc: '2.0', result: 'hi', id: 1 });
  });

  for (const name of ['_hidden', 'plainObject', 'plainFunction', 'block', 'scope']) {
    it(`does not call the export ${name}`, async () => {
      assert.deepEqual(
        await call(handler, `${name}.hello`, []),
        notFound(`Method not found: API '${name}' not found`),
      );
    });
  }

  for (const member of [
    'constructor',
    'toString',
    '__proto__',
    'hasOwnProperty',
    'valueOf',
    'isPrototypeOf',
  ]) {
    it(`does not call the inherited member ${member}`, async () => {
      assert.deepEqual(
        await call(handler, `api.${member}`, []),
        notFound(`Method not found: '${member}' on API 'api'`),
      );
    });
  }

  it('does not call a non-function own property', async () => {
    const withValue = createBlocksHandler(
      { api: new ApiNamespace(scope, 'api', () => ({ version: '1' }) as never) },
      { mode: 'sandbox', routes: NO_ROUTES },
    );
    assert.deepEqual(
      await call(withValue, 'api.version', []),
      notFound("Method not found: 'version' on API 'api'"),
    );
  });

  it('lists only callable namespaces in the sandbox', async () => {
    const sandbox = createBlocksHandler(backend, { mode: 'sandbox', routes: NO_ROUTES });
    assert.deepEqual(
      await call(sandbox, 'block.greet', []),
      notFound("Method not found: API 'block' not found. Available: api"),
    );
  });
});

describe('R-305 success responses', () => {
  const backend = {
    api: new ApiNamespace(scope, 'api', (context) => ({
      nothing() {},
      created() {
        context.response.status = 201;
        return { ok: true };
      },
      sent() {
        context.response.send({ replaced: true });
        return 'ignored';
      },
      cookies() {
        context.response.headers.append('Set-Cookie', 'a=1; Path=/; HttpOnly');
        context.response.headers.append('Set-Cookie', 'b=2; Path=/');
        context.response.headers.set('X-Custom', 'yes');
        context.response.headers.set('Cache-Control', 'public, max-age=60');
        return 'ok';
      },
      cookiesThenThrow() {
        context.response.headers.append('Set-Cookie', 'leak=1');
        context.response.headers.set('X-Custom', 'yes');
        context.response.status = 202;
        throw new ApiError('nope', 409, { name: 'Conflict' });
      },
      badStatus() {
        context.response.status = 99;
        return 1;
      },
      bigint() {
        return 1n;
      },
      async later() {
        await new Promise((resolve) => setImmediate(resolve));
        return this === undefined ? 'no this' : 'later';
      },
      requestView() {
        return {
          method: context.request.method,
          url: context.request.url.href,
          params: context.request.params,
          contentType: context.request.headers.get('content-type'),
          body: context.request.body !== null,
          defaultType: context.response.headers.get('content-type'),
        };
      },
      async rawBody() {
        return [await context.request.text(), await context.request.json()];
      },
    })),
  };
  const handler = createBlocksHandler(backend, { mode: 'sandbox', routes: NO_ROUTES, log: memoryLog() });

  it('leaves out the result key when a method returns undefined', async () => {
    const res = await post(handler, '{"jsonrpc":"2.0","method":"api.nothing","id":1}');
    assert.equal(res.text, '{"jsonrpc":"2.0","id":1}');
  });

  it('answers a notification with id null', async () => {
    const res = await post(handler, '{"jsonrpc":"2.0","method":"api.nothing"}');
    assert.equal(res.text, '{"jsonrpc":"2.0","id":null}');
  });

  it('uses context.response.status as the HTTP status', async () => {
    const res = await post(handler, '{"jsonrpc":"2.0","method":"api.created","id":1}');
    assert.equal(res.status, 201);
    assert.deepEqual(res.json, { jsonrpc: '2.0', result: { ok: true }, id: 1 });
  });

  it('uses a send() value as the result', async () => {
    assert.deepEqual(await call(handler, 'api.sent', []), {
      jsonrpc: '2.0',
      result: { replaced: true },
      id: 1,
    });
  });

  it('copies headers and every Set-Cookie value, and keeps Cache-Control: no-store (D-08)', async () => {
    const res = await post(handler, '{"jsonrpc":"2.0","method":"api.cookies","id":1}');
    assert.deepEqual(res.headers.getSetCookie(), ['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
    assert.equal(res.headers.get('x-custom'), 'yes');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('content-type'), 'application/json');
  });

  it('drops headers, cookies and status set before a throw (R-306)', async () => {
    const res = await post(handler, '{"jsonrpc":"2.0","method":"api.cookiesThenThrow","id":1}');
    assert.equal(res.status, 200);
    assert.deepEqual(res.headers.getSetCookie(), []);
    assert.equal(res.headers.get('x-custom'), null);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(res.json, {
      jsonrpc: '2.0',
      error: { code: 409, message: 'nope', data: { name: 'Conflict' } },
      id: 1,
    });
  });

  it('sends Cache-Control: no-store on every RPC answer, errors included (D-08)', async () => {
    for (const body of [
      '{',
      '{"jsonrpc":"2.0","method":"x.y","id":1}',
      '{"jsonrpc":"2.0","method":"api.nothing"}',
    ]) {
      assert.equal((await post(handler, body)).headers.get('cache-control'), 'no-store');
    }
  });

  it('treats an invalid status or an unserializable result as an error', async () => {
    const status = (await call(handler, 'api.badStatus', [])) as { error: { code: number; data: unknown } };
    assert.equal(status.error.code, 500);
    assert.deepEqual(status.error.data, { name: 'RangeError' });
    const bigint = (await call(handler, 'api.bigint', [])) as { error: { code: number } };
    assert.equal(bigint.error.code, 500);
  });

  it('awaits async methods and calls them on the method map', async () => {
    assert.deepEqual(await call(handler, 'api.later', []), { jsonrpc: '2.0', result: 'later', id: 1 });
  });

  it('gives methods the request (R-203) and a response seeded with application/json (R-204)', async () => {
    const result = ((await call(handler, 'api.requestView', [])) as { result: Record<string, unknown> })
      .result;
    assert.deepEqual(result, {
      method: 'POST',
      url: RPC_URL,
      params: {},
      contentType: 'application/json',
      body: true,
      defaultType: 'application/json',
    });
  });

  it('lets methods read the raw body again', async () => {
    const body = '{"jsonrpc":"2.0","method":"api.rawBody","id":1}';
    assert.deepEqual((await post(handler, body)).json, {
      jsonrpc: '2.0',
      result: [body, JSON.parse(body)],
      id: 1,
    });
  });
});

describe('D-02 unexpected errors', () => {
  const backend = {
    api: new ApiNamespace(scope, 'api', () => ({
      fail() {
        throw new TypeError('database password wrong at /srv/app');
      },
    })),
  };

  it('hides message and name in production but logs the stack', async () => {
    const log = memoryLog();
    const handler = createBlocksHandler(backend, { mode: 'production', routes: NO_ROUTES, log });
    const res = await post(handler, '{"jsonrpc":"2.0","method":"api.fail","id":1}');
    assert.deepEqual(res.json, {
      jsonrpc: '2.0',
      error: { code: 500, message: 'Internal error', data: { name: 'InternalError' } },
      id: 1,
    });
    assert.deepEqual(log.lines, [
      '[rpc-call] api.fail []',
      '[rpc-err] api.fail TypeError - database password wrong at /srv/app',
    ]);
    assert.ok((log.errors[0] as Error).stack?.includes('TypeError'));
  });

  it('shows the real message in the sandbox', async () => {
    const handler = createBlocksHandler(backend, { mode: 'sandbox', routes: NO_ROUTES, log: memoryLog() });
    assert.deepEqual(await call(handler, 'api.fail', []), {
      jsonrpc: '2.0',
      error: { code: 500, message: 'database password wrong at /srv/app', data: { name: 'TypeError' } },
      id: 1,
    });
  });

  it('a throwing namespace handler is encoded like a throwing method', async () => {
    const broken = {
      api: new ApiNamespace(scope, 'api', () => {
        throw new ApiError('no', 403, { name: 'Denied' });
      }),
    };
    const handler = createBlocksHandler(broken, { mode: 'production', routes: NO_ROUTES, log: memoryLog() });
    assert.deepEqual(await call(handler, 'api.any', []), {
      jsonrpc: '2.0',
      error: { code: 403, message: 'no', data: { name: 'Denied' } },
      id: 1,
    });
  });
});

describe('D-03 body limit while streaming', () => {
  const backend = { api: new ApiNamespace(scope, 'api', () => ({ echo: (v: unknown) => v })) };
  const limit = 64 * 1024;

  it('answers 413 as soon as the limit passes, from a body that never ends', async () => {
    const handler = createBlocksHandler(backend, { mode: 'sandbox', routes: NO_ROUTES, maxBodyBytes: limit });
    let produced = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        produced += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(RPC_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    const response = await handler.fetch(request);
    assert.deepEqual(await response.json(), {
      jsonrpc: '2.0',
      error: {
        code: 413,
        message: 'Request body exceeds the 65536 byte (64 KiB) limit',
        data: { name: 'PayloadTooLarge' },
      },
      id: null,
    });
    assert.ok(produced <= limit + 16 * 1024 * 3, `read ${produced} bytes`);
    assert.equal(cancelled, true);
  });

  it('refuses a Content-Length over the limit without reading the body', async () => {
    const handler = createBlocksHandler(backend, { mode: 'sandbox', routes: NO_ROUTES, maxBodyBytes: limit });
    let pulled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request(RPC_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(limit + 1) },
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await handler.fetch(request);
    assert.equal(((await response.json()) as { error: { code: number } }).error.code, 413);
    assert.equal(pulled, false);
  });
});

describe('D-04 content type', () => {
  const backend = { api: new ApiNamespace(scope, 'api', () => ({ echo: (v: unknown) => v })) };
  const handler = createBlocksHandler(backend, { mode: 'sandbox', routes: NO_ROUTES });
  const body = '{"jsonrpc":"2.0","method":"api.echo","params":[1],"id":1}';

  for (const type of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    null,
  ]) {
    it(`refuses ${type ?? 'a missing content type'} with HTTP 415 and -32600`, async () => {
      const init: RequestInit = { method: 'POST', body };
      const request = new Request(RPC_URL, init);
      if (type === null) request.headers.delete('content-type');
      else request.headers.set('content-type', type);
      const response = await handler.fetch(request);
      assert.equal(response.status, 415);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const json = (await response.json()) as {
        error: { code: number; message: string; data: unknown };
        id: unknown;
      };
      assert.equal(json.error.code, -32600);
      assert.deepEqual(json.error.data, { name: 'InvalidRequest' });
      assert.match(json.error.message, /unsupported content type/i);
      assert.equal(json.id, null);
    });
  }

  it('accepts application/json with parameters, in any case', async () => {
    for (const type of [
      'application/json; charset=utf-8',
      'Application/JSON',
      ' application/json ;charset=UTF-8',
    ]) {
      const res = await post(handler, body, { 'content-type': type });
      assert.deepEqual(res.json, { jsonrpc: '2.0', result: 1, id: 1 });
    }
  });
});

describe('R-1105 request log', () => {
  const backend = {
    authApi: new ApiNamespace(scope, 'auth', () => ({
      signIn(username: string, password: string) {
        return { username, token: `t-${password}` };
      },
      setAuthState(input: unknown) {
        return { input, fields: [{ name: 'password', defaultValue: 'pw' }] };
      },
      long() {
        return 'x'.repeat(2000);
      },
    })),
  };

  it('logs call and result redacted, never the raw body', async () => {
    const log = memoryLog();
    const handler = createBlocksHandler(backend, { mode: 'sandbox', routes: NO_ROUTES, log });
    await call(handler, 'authApi.signIn', ['alice', 'hunter2']);
    await call(handler, 'authApi.setAuthState', [
      { action: 'signIn', username: 'alice', password: 'hunter2', code: '123456' },
    ]);
    assert.deepEqual(log.lines, [
      '[rpc-call] authApi.signIn ["alice","[REDACTED]"]',
      '[rpc-ok] authApi.signIn {"username":"alice","token":"[REDACTED]"}',
      '[rpc-call] authApi.setAuthState [{"action":"signIn","username":"alice","password":"[REDACTED]","code":"[REDACTED]"}]',
      '[rpc-ok] authApi.setAuthState {"input":{"action":"signIn","username":"alice","password":"[REDACTED]","code":"[REDACTED]"},"fields":[{"name":"password","defaultValue":"[REDACTED]"}]}',
    ]);
    assert.equal(log.lines.join('\n').includes('hunter2'), false);
  });

  it('formats no info lines for a log without info, and still logs errors', async () => {
    const errors: string[] = [];
    const log = { error: (line: string) => errors.push(line) };
    const handler = createBlocksHandler(backend, { mode: 'sandbox', routes: NO_ROUTES, log });
    await call(handler, 'authApi.signIn', ['alice', 'x']);
    await call(handler, 'authApi.nope', []);
    const failing = {
      api: new ApiNamespace(scope, 'api', () => ({
        fail() {
          throw new ApiError('no', 401, { name: 'SessionExpiredException' });
        },
      })),
    };
    await call(createBlocksHandler(failing, { mode: 'sandbox', routes: NO_ROUTES, log }), 'api.fail', []);
    assert.deepEqual(errors, ['[rpc-err] api.fail SessionExpiredException - no']);
  });

  it('logs an ApiError as one line, without its stack', async () => {
    const log = memoryLog();
    const failing = {
      api: new ApiNamespace(scope, 'api', () => ({
        fail() {
          throw new ApiError('Authentication required', 401, { name: 'SessionExpiredException' });
        },
      })),
    };
    await call(createBlocksHandler(failing, { mode: 'sandbox', routes: NO_ROUTES, log }), 'api.fail', []);
    assert.deepEqual(
      log.lines.at(-1),
      '[rpc-err] api.fail SessionExpiredException - Authentication required',
    );
    assert.deepEqual(log.errors, [undefined]);
  });

  it('truncates logged results to 800 characters', async () => {
    const log = memoryLog();
    const handler = createBlocksHandler(backend, { mode: 'sandbox', routes: NO_ROUTES, log });
    await call(handler, 'authApi.long', []);
    const line = log.lines[1] ?? '';
    assert.ok(line.startsWith('[rpc-ok] authApi.long "xxx'));
    assert.equal(line.length, '[rpc-ok] authApi.long '.length + 800 + 1);
  });
});
