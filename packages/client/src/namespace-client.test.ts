import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  ApiNamespace,
  ApiError as CoreApiError,
  createBlocksHandler,
  createNodeListener,
  Scope,
} from '@blockyard/core';
import { ApiError, isBlocksError } from './api-error.js';
import { ClientErrors } from './errors.js';
import { clearMiddleware, registerMiddleware } from './middleware.js';
import { ApiNamespaceClient } from './namespace-client.js';
import {
  clearCookieProviders,
  registerCookieProvider,
  resetCookieProviders,
} from './server/cookie-providers.js';
import { withAuth } from './server/with-auth.js';

const scope = new Scope('client-test');
const backend = {
  api: new ApiNamespace(scope, 'api', (context) => ({
    async echo(...args: unknown[]) {
      return args;
    },
    async cookie() {
      return context.request.headers.get('cookie');
    },
    async header(name: string) {
      return context.request.headers.get(name);
    },
    async fail() {
      throw new CoreApiError('Not allowed', 403, { name: 'ForbiddenException', retriable: true });
    },
  })),
};

type Api = typeof backend.api & { noSuchMethod(): Promise<never> };

let server: Server;
let url: string;
let htmlServer: Server;
let htmlUrl: string;

function listen(s: Server): Promise<string> {
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );
}

before(async () => {
  server = createServer(
    createNodeListener(
      createBlocksHandler(backend, { mode: 'sandbox', allowedOrigins: ['https://app.example.com'] }),
    ),
  );
  url = `${await listen(server)}/aws-blocks/api`;
  htmlServer = createServer((_req, res) => {
    res.writeHead(403, { 'Content-Type': 'text/html' });
    res.end('<html><body>Forbidden by proxy</body></html>');
  });
  htmlUrl = await listen(htmlServer);
});
after(() => {
  server.close();
  htmlServer.close();
});
afterEach(() => {
  clearMiddleware();
  resetCookieProviders();
});

describe('ApiNamespaceClient', () => {
  it('calls a method with positional arguments and returns its result', async () => {
    const api = ApiNamespaceClient<Api>('api', { url });
    assert.deepEqual(await api.echo(1, 'two', { three: 3 }), [1, 'two', { three: 3 }]);
  });

  it('is not a thenable: awaiting it makes no call', async () => {
    const api = ApiNamespaceClient<Api>('api', { url });
    assert.equal((api as Record<string, unknown>).then, undefined);
    assert.equal((api as unknown as Record<symbol, unknown>)[Symbol.iterator], undefined);
    assert.equal(await Promise.resolve(api), api);
  });

  it('decodes RPC errors into ApiErrors that match both ApiError classes', async () => {
    const api = ApiNamespaceClient<Api>('api', { url });
    await assert.rejects(api.fail(), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.ok(error instanceof CoreApiError);
      assert.ok(isBlocksError(error, 'ForbiddenException'));
      assert.equal(error.status, 403);
      assert.equal(error.retriable, true);
      return true;
    });
  });

  it('surfaces reserved negative codes as 500 with their name', async () => {
    const api = ApiNamespaceClient<Api>('api', { url });
    await assert.rejects(api.noSuchMethod(), (error: ApiError) => error.status === 500);
  });

  it('turns a non-JSON-RPC answer into an UnexpectedResponse error with the HTTP status', async () => {
    const html = ApiNamespaceClient<Api>('api', { url: htmlUrl });
    await assert.rejects(html.echo(), (error: ApiError) => {
      assert.ok(isBlocksError(error, ClientErrors.UnexpectedResponse));
      assert.equal(error.status, 403);
      return true;
    });
    // The CORS rejection of R-402 answers 403 with a JSON body that is not JSON-RPC.
    registerMiddleware({
      onRequest(req) {
        req.headers.Origin = 'https://evil.example.com';
      },
    });
    const api = ApiNamespaceClient<Api>('api', { url });
    await assert.rejects(api.echo(), (error: ApiError) => {
      assert.ok(isBlocksError(error, ClientErrors.UnexpectedResponse));
      assert.equal(error.status, 403);
      return true;
    });
  });

  it('reports an unreachable server as a retriable NetworkError', async () => {
    const api = ApiNamespaceClient<Api>('api', { url: 'http://127.0.0.1:9/aws-blocks/api' });
    await assert.rejects(api.echo(), (error: ApiError) => {
      assert.ok(isBlocksError(error, ClientErrors.NetworkError));
      assert.equal(error.retriable, true);
      return true;
    });
  });

  it('validates its arguments', () => {
    assert.throws(() => ApiNamespaceClient(''), TypeError);
    assert.throws(() => ApiNamespaceClient('a.b'), TypeError);
    assert.throws(() => ApiNamespaceClient('api', { url: 5 as unknown as string }), TypeError);
  });
});

describe('middleware (R-1005)', () => {
  it('runs request hooks in order, async, mutating or replacing the request', async () => {
    const seen: string[] = [];
    registerMiddleware({
      async onRequest(req) {
        seen.push('first');
        req.headers['X-Trace'] = 'abc';
      },
    });
    registerMiddleware({
      onRequest(req) {
        seen.push('second');
        return { ...req, method: 'header', args: ['x-trace'] };
      },
    });
    const api = ApiNamespaceClient<Api>('api', { url });
    assert.equal(await api.echo('ignored'), 'abc');
    assert.deepEqual(seen, ['first', 'second']);
  });

  it('passes results through response hooks in order', async () => {
    registerMiddleware({ onResponse: (data) => [...(data as unknown[]), 'a'] });
    const remove = registerMiddleware({ onResponse: (data) => [...(data as unknown[]), 'b'] });
    const api = ApiNamespaceClient<Api>('api', { url });
    assert.deepEqual(await api.echo(0), [0, 'a', 'b']);
    remove();
    assert.deepEqual(await api.echo(0), [0, 'a']);
  });

  it('refuses hooks that are not functions', () => {
    assert.throws(() => registerMiddleware({ onRequest: 'x' as never }), TypeError);
  });
});

describe('withAuth and SSR cookie forwarding (R-1006, R-1007)', () => {
  it('forwards an explicit cookie string on every call inside', async () => {
    const api = ApiNamespaceClient<Api>('api', { url });
    assert.equal(await withAuth(() => api.cookie(), 'session=abc; theme=dark'), 'session=abc; theme=dark');
    assert.equal(await api.cookie(), null, 'nothing outside withAuth');
  });

  it('keeps a cookie middleware set and appends only the new names', async () => {
    registerMiddleware({
      onRequest(req) {
        req.headers.cookie = 'session=mw';
      },
    });
    const api = ApiNamespaceClient<Api>('api', { url });
    assert.equal(await withAuth(() => api.cookie(), 'session=abc; theme=dark'), 'session=mw; theme=dark');
  });

  it('nested withAuth without cookies keeps the outer ones', async () => {
    const api = ApiNamespaceClient<Api>('api', { url });
    const inner = await withAuth(() => withAuth(() => api.cookie()), 'session=outer');
    assert.equal(inner, 'session=outer');
  });

  it('asks cookie providers in order; a same-named provider replaces the earlier one', async () => {
    clearCookieProviders();
    registerCookieProvider('empty', () => '');
    registerCookieProvider('mine', () => 'session=first');
    registerCookieProvider('mine', async () => 'session=provided');
    const api = ApiNamespaceClient<Api>('api', { url });
    assert.equal(await withAuth(() => api.cookie()), 'session=provided');
  });

  it('throws a 401 naming the providers it tried when no cookies exist', async () => {
    await assert.rejects(
      withAuth(() => 1),
      (error: ApiError) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 401);
        assert.match(
          error.message,
          /^withAuth: No authentication cookies found\. Tried providers: \[nextjs, nuxt\]/,
        );
        return true;
      },
    );
  });
});
