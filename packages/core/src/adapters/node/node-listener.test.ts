import assert from 'node:assert/strict';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiNamespace } from '../../api-namespace.js';
import { createBlocksHandler } from '../../handler.js';
import type { BlocksHandler } from '../../handler-options.js';
import { RawRoute } from '../../raw-route/raw-route.js';
import { collectRoutes } from '../../raw-route/registry.js';
import { Scope } from '../../scope.js';
import { memoryLog } from '../../test-support/rpc.js';
import { createNodeListener } from './node-listener.js';

const LIMIT = 256 * 1024;
// The slow method reports when it started and whether its request signal fired, and answers only
// once the test releases it.
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
const slow = { started: deferred<void>(), aborted: deferred<boolean>(), release: deferred<void>() };

async function build(): Promise<{ handler: BlocksHandler; log: ReturnType<typeof memoryLog> }> {
  const log = memoryLog();
  const { result: backend, routes } = await collectRoutes(async () => {
    const scope = new Scope('node-app');
    new RawRoute(scope, 'upload', {
      method: 'POST',
      handler: async ({ request, response }) => {
        let size = 0;
        const reader = request.body?.getReader();
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) break;
          size += chunk.value.byteLength;
        }
        response.send({ size });
      },
    });
    return {
      api: new ApiNamespace(scope, 'api', (context) => ({
        greet(name: string) {
          return `Hello, ${name}!`;
        },
        cookies() {
          context.response.headers.append('Set-Cookie', 'a=1; Path=/; HttpOnly');
          context.response.headers.append('Set-Cookie', 'b=2; Path=/; Secure');
          context.response.headers.append('Set-Cookie', 'c=3');
          return 'ok';
        },
        whoami() {
          const { request } = context;
          return {
            url: request.url.href,
            clientAddress: request.clientAddress,
            cookie: request.headers.get('cookie'),
            multi: request.headers.get('x-multi'),
          };
        },
        badHeader() {
          context.response.headers.set('x-bad', 'a\u0001b');
          return 'unsendable';
        },
        async slow() {
          context.request.signal?.addEventListener('abort', () => slow.aborted.resolve(true));
          slow.started.resolve();
          await slow.release.promise;
          return 'late';
        },
      })),
    };
  });
  return {
    handler: createBlocksHandler(backend, { mode: 'sandbox', routes, maxBodyBytes: LIMIT, log }),
    log,
  };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

function rawRequest(
  base: string,
  options: http.RequestOptions,
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(base, options, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        data += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const GREET = '{"jsonrpc":"2.0","method":"api.greet","params":["x"],"id":1}';
const JSON_HEADERS = { 'content-type': 'application/json' };

describe('createNodeListener over real HTTP', () => {
  let server: Server;
  let base: string;
  let handler: BlocksHandler;
  let log: ReturnType<typeof memoryLog>;

  before(async () => {
    ({ handler, log } = await build());
    server = http.createServer(createNodeListener(handler));
    base = await listen(server);
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('answers an RPC call', async () => {
    const res = await fetch(`${base}/aws-blocks/api`, { method: 'POST', headers: JSON_HEADERS, body: GREET });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(await res.clone().text())));
    assert.deepEqual(await res.json(), { jsonrpc: '2.0', result: 'Hello, x!', id: 1 });
  });

  it('delivers several cookies as separate Set-Cookie headers', async () => {
    const body = '{"jsonrpc":"2.0","method":"api.cookies","id":1}';
    const res = await fetch(`${base}/aws-blocks/api`, { method: 'POST', headers: JSON_HEADERS, body });
    assert.deepEqual(res.headers.getSetCookie(), ['a=1; Path=/; HttpOnly', 'b=2; Path=/; Secure', 'c=3']);
    const raw = await rawRequest(
      base,
      { path: '/aws-blocks/api', method: 'POST', headers: JSON_HEADERS },
      body,
    );
    assert.deepEqual(raw.headers['set-cookie'], ['a=1; Path=/; HttpOnly', 'b=2; Path=/; Secure', 'c=3']);
  });

  it('builds url from Host and path, with http for a plain socket, and the socket address', async () => {
    const raw = await rawRequest(
      base,
      {
        path: '/aws-blocks/api?q=1',
        method: 'POST',
        headers: {
          ...JSON_HEADERS,
          host: 'api.example.test:8080',
          cookie: 'a=1; b=2',
          'x-forwarded-proto': 'https',
          'x-forwarded-for': '203.0.113.5',
          'x-multi': ['1', '2'],
        },
      },
      '{"jsonrpc":"2.0","method":"api.whoami","id":1}',
    );
    assert.deepEqual(JSON.parse(raw.body).result, {
      url: 'http://api.example.test:8080/aws-blocks/api?q=1',
      clientAddress: '127.0.0.1',
      cookie: 'a=1; b=2',
      multi: '1, 2',
    });
  });

  it('routes the normalized path, as a URL parser sees it', async () => {
    const raw = await rawRequest(
      base,
      { path: '/x/../aws-blocks/api', method: 'POST', headers: JSON_HEADERS },
      GREET,
    );
    assert.equal(JSON.parse(raw.body).result, 'Hello, x!');
    const encoded = await rawRequest(
      base,
      { path: '/aws-blocks/%61pi', method: 'POST', headers: JSON_HEADERS },
      GREET,
    );
    assert.equal(encoded.status, 404);
  });

  it('answers 413 to an endless body as soon as it passes the limit', async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const res = await fetch(`${base}/aws-blocks/api`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: endless,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      jsonrpc: '2.0',
      error: {
        code: 413,
        message: 'Request body exceeds the 262144 byte (256 KiB) limit',
        data: { name: 'PayloadTooLarge' },
      },
      id: null,
    });
    assert.ok(sent < 64 * LIMIT, `client sent ${sent} bytes`);
  });

  it('refuses an announced over-limit Content-Length without waiting for the body', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${base}/aws-blocks/api`, {
        method: 'POST',
        headers: { ...JSON_HEADERS, 'content-length': String(LIMIT * 4) },
      });
      req.on('response', (res) => {
        let data = '';
        res.on('data', (chunk) => {
          data += chunk;
        });
        res.on('end', () => resolve(data));
      });
      req.on('error', reject);
      req.write('{');
    });
    assert.equal(JSON.parse(answer).error.code, 413);
  });

  it('keeps the connection after refusing a body it never read (415)', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (type: string) =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = http.request(`${base}/aws-blocks/api`, {
          method: 'POST',
          agent,
          headers: { 'content-type': type },
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end(GREET);
      });
    try {
      assert.deepEqual(await send('text/plain'), { status: 415, reused: false });
      assert.deepEqual(await send('application/json'), { status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('limits a raw route body stream too, and streams smaller bodies', async () => {
    const ok = await fetch(`${base}/upload`, { method: 'POST', body: new Uint8Array(1000) });
    assert.deepEqual(await ok.json(), { size: 1000 });
    const big = await fetch(`${base}/upload`, { method: 'POST', body: new Uint8Array(LIMIT + 1) });
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as { name: string }).name, 'PayloadTooLarge');
  });

  it('answers 500 when a header cannot be written, without crashing', async () => {
    const body = '{"jsonrpc":"2.0","method":"api.badHeader","id":1}';
    const originalError = console.error;
    console.error = () => {};
    try {
      const res = await fetch(`${base}/aws-blocks/api`, { method: 'POST', headers: JSON_HEADERS, body });
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { error: 'Internal error' });
    } finally {
      console.error = originalError;
    }
  });

  it('survives a client that aborts while sending the body', async () => {
    await new Promise<void>((resolve) => {
      const req = http.request(`${base}/aws-blocks/api`, {
        method: 'POST',
        headers: { ...JSON_HEADERS, 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      // Leave once the server has the request and is reading its body.
      server.once('request', () => {
        req.destroy();
        resolve();
      });
      req.write('{"jsonrpc":"2.0",');
    });
    const res = await fetch(`${base}/aws-blocks/api`, { method: 'POST', headers: JSON_HEADERS, body: GREET });
    assert.equal(((await res.json()) as { result: string }).result, 'Hello, x!');
  });

  it('survives a client that leaves before the answer, and aborts request.signal', async () => {
    const controller = new AbortController();
    const pending = fetch(`${base}/aws-blocks/api`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{"jsonrpc":"2.0","method":"api.slow","id":1}',
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await slow.started.promise;
    controller.abort();
    assert.ok((await pending) instanceof Error);
    const timer = setTimeout(() => slow.aborted.resolve(false), 2000);
    assert.equal(await slow.aborted.promise, true);
    clearTimeout(timer);
    // The abandoned call still finishes and is logged; the server keeps answering.
    slow.release.resolve();
    await log.logged('[rpc-ok] api.slow "late"');
    const res = await fetch(`${base}/aws-blocks/api`, { method: 'POST', headers: JSON_HEADERS, body: GREET });
    assert.equal(res.status, 200);
  });
});

describe('the Node fast path behaves like handler.fetch', () => {
  const cases: { method: string; path: string; headers?: Record<string, string>; body?: string }[] = [
    { method: 'POST', path: '/aws-blocks/api', headers: JSON_HEADERS, body: GREET },
    { method: 'POST', path: '/aws-blocks/api', headers: JSON_HEADERS, body: '' },
    { method: 'POST', path: '/aws-blocks/api', headers: JSON_HEADERS, body: 'null' },
    {
      method: 'POST',
      path: '/aws-blocks/api',
      headers: JSON_HEADERS,
      body: '{"jsonrpc":"2.0","method":"api.nope"}',
    },
    { method: 'POST', path: '/aws-blocks/api', headers: { 'content-type': 'text/plain' }, body: GREET },
    {
      method: 'POST',
      path: '/aws-blocks/api',
      headers: JSON_HEADERS,
      body: '{"jsonrpc":"2.0","method":"x.y","id":2}',
    },
    {
      method: 'POST',
      path: '/aws-blocks/api',
      headers: JSON_HEADERS,
      body: '{"jsonrpc":"2.0","method":"api.cookies"}',
    },
    { method: 'GET', path: '/aws-blocks/api' },
    { method: 'GET', path: '/aws-blocks/api/sub' },
    { method: 'GET', path: '/.blocks-sandbox/config.json' },
    { method: 'GET', path: '/nothing' },
    { method: 'OPTIONS', path: '/aws-blocks/api', headers: { origin: 'http://localhost:5173' } },
    {
      method: 'POST',
      path: '/aws-blocks/api',
      headers: { ...JSON_HEADERS, origin: 'https://evil.test' },
      body: GREET,
    },
    { method: 'POST', path: '/upload', body: 'abc' },
  ];
  const compared = [
    'content-type',
    'cache-control',
    'vary',
    'access-control-allow-origin',
    'access-control-allow-credentials',
    'access-control-allow-headers',
  ];

  it('for every kind of request', async () => {
    const { handler } = await build();
    const server = http.createServer(createNodeListener(handler));
    const base = await listen(server);
    try {
      for (const c of cases) {
        const init: RequestInit = { method: c.method, headers: c.headers ?? {} };
        if (c.body !== undefined) init.body = c.body;
        const overHttp = await fetch(`${base}${c.path}`, init);
        const direct = await handler.fetch(new Request(`${base}${c.path}`, init));
        const label = `${c.method} ${c.path} ${c.body ?? ''}`;
        assert.equal(overHttp.status, direct.status, label);
        assert.equal(await overHttp.text(), await direct.text(), label);
        for (const name of compared)
          assert.equal(overHttp.headers.get(name), direct.headers.get(name), `${label} ${name}`);
        assert.deepEqual(overHttp.headers.getSetCookie(), direct.headers.getSetCookie(), label);
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('also serves a handler that is not ours through fetch', async () => {
    const foreign: BlocksHandler = {
      async fetch(request) {
        const headers = new Headers({ 'content-type': 'text/plain' });
        headers.append('set-cookie', 'x=1');
        headers.append('set-cookie', 'y=2');
        return new Response(`${request.method} ${new URL(request.url).pathname} ${await request.text()}`, {
          headers,
        });
      },
    };
    const server = http.createServer(createNodeListener(foreign));
    const base = await listen(server);
    try {
      const res = await fetch(`${base}/a/b`, { method: 'POST', body: 'hi' });
      assert.equal(await res.text(), 'POST /a/b hi');
      assert.deepEqual(res.headers.getSetCookie(), ['x=1', 'y=2']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
