import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiNamespace } from './api-namespace.js';
import { CorsPolicy, compileOriginEntry } from './cors.js';
import { createBlocksHandler } from './handler.js';
import type { BlocksHandlerOptions } from './handler-options.js';
import { Scope } from './scope.js';
import { memoryLog, NO_ROUTES, RPC_URL } from './test-support/rpc.js';

const backend = { api: new ApiNamespace(new Scope('cors-app'), 'api', () => ({ ping: () => 'pong' })) };
const RPC_BODY = '{"jsonrpc":"2.0","method":"api.ping","id":1}';

function handler(options: Partial<BlocksHandlerOptions> = {}) {
  return createBlocksHandler(backend, { mode: 'production', routes: NO_ROUTES, ...options });
}

function rpc(origin?: string, url = RPC_URL): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (origin !== undefined) headers.origin = origin;
  return new Request(url, { method: 'POST', headers, body: RPC_BODY });
}

describe('D-05 allowlist entries', () => {
  const allows = (entry: string, origin: string) => compileOriginEntry(entry)?.(origin) ?? false;

  it('compares a plain origin literally: its dots are dots', () => {
    assert.equal(allows('https://app.example.com', 'https://app.example.com'), true);
    for (const origin of [
      'https://appxexample.com',
      'https://app-example.com',
      'https://app.example.com.evil.net',
      'http://app.example.com',
      'https://app.example.com:8443',
    ]) {
      assert.equal(allows('https://app.example.com', origin), false, origin);
    }
  });

  it('normalises a plain origin as browsers serialise Origin (case, default port, trailing slash)', () => {
    assert.equal(allows('HTTPS://App.Example.com:443/', 'https://app.example.com'), true);
    assert.equal(allows('http://localhost:5173', 'http://localhost:5173'), true);
  });

  it('requires a ^ pattern to match the whole origin', () => {
    const admin = '^https://admin\\.example\\.com';
    assert.equal(allows(admin, 'https://admin.example.com'), true);
    assert.equal(allows(admin, 'https://admin.example.com.evil.net'), false);
    assert.equal(allows('^https://[a-z]+\\.example\\.com$', 'https://a.example.com'), true);
    assert.equal(allows('^https://[a-z]+\\.example\\.com$', 'https://a.example.com.evil'), false);
    assert.equal(
      allows('^https://a\\.example\\.com|https://b\\.example\\.com', 'https://b.example.com.x'),
      false,
    );
  });

  it('refuses entries that are neither an origin nor a pattern', () => {
    for (const entry of [
      'https://app\\.example\\.com',
      'app.example.com',
      'https://app.example.com/path',
      'https://user@app.example.com',
      '*',
      '^https://a(b.com',
      'null',
    ]) {
      assert.equal(compileOriginEntry(entry), null, entry);
    }
  });

  it('warns about each refused entry when the handler is created, and ignores empty ones', async () => {
    const log = memoryLog();
    const h = handler({
      allowedOrigins: ['https://app\\.example\\.com', ' ', 'https://ok.example', '^(unclosed'],
      log,
    });
    const warnings = log.lines.filter((line) => line.startsWith('[CORS] ignoring'));
    assert.equal(warnings.length, 2);
    assert.equal((await h.fetch(rpc('https://ok.example'))).status, 200);
    assert.equal((await h.fetch(rpc('https://app.example.com'))).status, 403);
    assert.equal(new CorsPolicy(['  ', ''], log).allows(''), false);
  });

  it("admits exactly the issue's list: literal app, anchored admin", async () => {
    const h = handler({ allowedOrigins: ['https://app.example.com', '^https://admin\\.example\\.com'] });
    for (const origin of ['https://app.example.com', 'https://admin.example.com']) {
      const res = await h.fetch(rpc(origin));
      assert.equal(res.headers.get('access-control-allow-origin'), origin);
    }
    for (const origin of [
      'https://appxexample.com',
      'https://app-example.com',
      'https://admin.example.com.evil.net',
    ]) {
      const res = await h.fetch(rpc(origin));
      assert.equal(res.status, 403, origin);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    }
  });
});

describe('R-402 / D-05 CORS', () => {
  it('echoes an allowed origin with credentials and Vary', async () => {
    const res = await handler({ allowedOrigins: ['https://app.example.com'] }).fetch(
      rpc('https://app.example.com'),
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(res.headers.get('vary'), 'Origin');
    assert.deepEqual(await res.json(), { jsonrpc: '2.0', result: 'pong', id: 1 });
  });

  for (const mode of ['sandbox', 'production'] as const) {
    it(`rejects an origin not on the list with 403 in ${mode} mode, logging it once`, async () => {
      const log = memoryLog();
      const h = handler({ mode, allowedOrigins: ['https://app.example.com'], log });
      for (let i = 0; i < 2; i++) {
        const res = await h.fetch(rpc('https://evil.example'));
        assert.equal(res.status, 403);
        assert.equal(res.headers.get('content-type'), 'application/json');
        assert.equal(res.headers.get('vary'), 'Origin');
        assert.equal(res.headers.get('access-control-allow-origin'), null);
        assert.deepEqual(await res.json(), { error: 'Forbidden: cross-origin request rejected' });
      }
      assert.equal(log.lines.filter((line) => line.startsWith('[CORS]')).length, 1);
    });
  }

  it('rejects before answering a preflight', async () => {
    const res = await handler({ allowedOrigins: ['https://ok.example'] }).fetch(
      new Request(RPC_URL, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }),
    );
    assert.equal(res.status, 403);
  });

  it('lets requests without an Origin through, with Vary and no ACAO', async () => {
    const res = await handler({ allowedOrigins: ['https://app.example.com'] }).fetch(rpc());
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('vary'), 'Origin');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('with an empty allowlist in production: same-origin passes, any other origin gets 403', async () => {
    const h = handler();
    const same = await h.fetch(rpc('http://127.0.0.1:3001'));
    assert.equal(same.status, 200);
    assert.equal(same.headers.get('access-control-allow-origin'), null);
    const cross = await h.fetch(rpc('http://localhost:5173'));
    assert.equal(cross.status, 403);
    assert.equal((await h.fetch(rpc('null'))).status, 403);
  });

  it('adds localhost origins in the sandbox (including [::1]) but not in production', async () => {
    const sandbox = handler({ mode: 'sandbox' });
    for (const origin of [
      'http://localhost:5173',
      'https://127.0.0.1',
      'http://[::1]:8080',
      'http://localhost',
    ]) {
      const res = await sandbox.fetch(rpc(origin));
      assert.equal(res.status, 200, origin);
      assert.equal(res.headers.get('access-control-allow-origin'), origin);
    }
    for (const origin of [
      'http://localhost.evil.com',
      'http://192.168.1.2:5173',
      'http://localhost:5173/x',
    ]) {
      assert.equal((await sandbox.fetch(rpc(origin))).status, 403, origin);
    }
    assert.equal((await handler().fetch(rpc('http://localhost:5173'))).status, 403);
  });

  it('never sends a fallback Access-Control-Allow-Origin', async () => {
    for (const mode of ['sandbox', 'production'] as const) {
      const h = handler({ mode, allowedOrigins: ['https://app.example.com'] });
      for (const origin of [undefined, 'http://127.0.0.1:3001', 'https://evil.example', 'null']) {
        const res = await h.fetch(rpc(origin));
        const acao = res.headers.get('access-control-allow-origin');
        assert.ok(acao === null || acao === origin, `${mode} ${origin}: ${acao}`);
      }
      const preflight = await h.fetch(new Request('http://127.0.0.1:3001/x', { method: 'OPTIONS' }));
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    }
  });
});

describe('R-403 preflight', () => {
  it('answers OPTIONS with 200, an empty body and the preflight headers', async () => {
    const res = await handler({ mode: 'sandbox' }).fetch(
      new Request(RPC_URL, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
      }),
    );
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(
      res.headers.get('access-control-allow-methods'),
      'GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS',
    );
    assert.equal(res.headers.get('access-control-allow-headers'), 'Content-Type, Authorization');
    assert.equal(res.headers.get('access-control-max-age'), '7200');
    assert.equal(res.headers.get('vary'), 'Origin');
  });

  it('answers OPTIONS on any path', async () => {
    const res = await handler().fetch(new Request('http://127.0.0.1:3001/anything', { method: 'OPTIONS' }));
    assert.equal(res.status, 200);
  });
});
