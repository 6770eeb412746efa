import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { createBlocksHandler } from '../handler.js';
import { Scope } from '../scope.js';
import { memoryLog } from '../test-support/rpc.js';
import { thrown } from '../test-support/thrown.js';
import { RawRouteErrors } from './errors.js';
import { RawRoute } from './raw-route.js';
import { collectRoutes, currentRouteRegistry } from './registry.js';
import type { RawRouteHandler, RouteTable } from './route-table.js';

const noop: RawRouteHandler = () => {};

async function table(declare: (scope: Scope) => void): Promise<RouteTable> {
  const { routes } = await collectRoutes(async () => declare(new Scope('app')));
  return routes;
}

describe('R-408 construction', () => {
  it('derives the path from the scope chain below the root scope', async () => {
    const routes = await table((app) => {
      new RawRoute(app, 'health', { method: 'GET', handler: noop });
      const v1 = new Scope('v1', { parent: app });
      new RawRoute(v1, 'users', { method: 'GET', handler: noop });
      new RawRoute(new Scope('a b', { parent: v1 }), 'x', { method: 'GET', handler: noop });
    });
    assert.deepEqual(
      routes.routes.map((r) => r.path),
      ['/health', '/v1/users', '/v1/a%20b/x'],
    );
  });

  it('rejects unknown methods with "Invalid HTTP method"', async () => {
    await collectRoutes(async () => {
      const error = thrown(
        () => new RawRoute(new Scope('app'), 'x', { method: 'TRACE' as never, handler: noop }),
      );
      assert.match(error.message, /^Invalid HTTP method: TRACE/);
      assert.equal(error.name, RawRouteErrors.InvalidRoute);
    });
  });

  it('is a Scope child with a fullId', async () => {
    await collectRoutes(async () => {
      const route = new RawRoute(new Scope('app'), 'health', { method: 'GET', handler: noop });
      assert.equal(route.fullId, 'app-health');
    });
  });
});

describe('R-409 registration rules', () => {
  it('normalizes repeated and trailing slashes', async () => {
    const routes = await table((app) => {
      new RawRoute(app, 'a', { method: 'GET', path: '//a///b/', handler: noop });
    });
    assert.equal(routes.routes[0]?.path, '/a/b');
  });

  for (const path of [
    '/',
    '//',
    '/aws-blocks',
    '/AWS-Blocks/',
    '/aws-blocks/api',
    '/aws-blocks/API/x',
    '/aws-blocks/api/',
  ]) {
    it(`rejects the reserved path ${path}`, async () => {
      await collectRoutes(async () => {
        const error = thrown(
          () => new RawRoute(new Scope('app'), 'x', { method: 'GET', path, handler: noop }),
        );
        assert.equal(error.name, RawRouteErrors.InvalidRoute);
      });
    });
  }

  it('allows other /aws-blocks/* paths', async () => {
    const routes = await table((app) => {
      new RawRoute(app, 'x', { method: 'GET', path: '/aws-blocks/other', handler: noop });
    });
    assert.equal(routes.routes.length, 1);
  });

  it('throws DuplicateRouteException for the same method and normalized path', async () => {
    await collectRoutes(async () => {
      const app = new Scope('app');
      new RawRoute(app, 'a', { method: 'GET', path: '/dup', handler: noop });
      new RawRoute(app, 'b', { method: 'POST', path: '/dup', handler: noop });
      const error = thrown(() => new RawRoute(app, 'c', { method: 'GET', path: '/dup/', handler: noop }));
      assert.equal(error.name, RawRouteErrors.DuplicateRoute);
      assert.equal(error.name, 'DuplicateRouteException');
      assert.match(error.message, /^DuplicateRouteException: /);
    });
  });

  it('throws the initialization error once the registry is locked', async () => {
    await collectRoutes(async () => {});
    const error = thrown(() => new RawRoute(new Scope('app'), 'late', { method: 'GET', handler: noop }));
    assert.equal(
      error.message,
      'Routes must be registered during initialization. Cannot register routes after handler creation.',
    );
    assert.equal(error.name, RawRouteErrors.RegistryLocked);
  });

  it('locks the registry even when loading fails, and gives back the result otherwise', async () => {
    await assert.rejects(
      collectRoutes(async () => Promise.reject(new Error('load failed'))),
      /load failed/,
    );
    assert.equal(currentRouteRegistry().locked, true);
    const { result } = await collectRoutes(async () => 42);
    assert.equal(result, 42);
  });

  it('createBlocksHandler without routes locks the current registry', async () => {
    await collectRoutes(async () => {
      new RawRoute(new Scope('app'), 'ok', { method: 'GET', handler: noop });
      createBlocksHandler({}, { mode: 'production' });
      assert.equal(currentRouteRegistry().locked, true);
    });
  });

  it('rejects bad parameter names', async () => {
    await collectRoutes(async () => {
      for (const path of [
        '/a/{__proto__}',
        '/a/{constructor}',
        '/a/{prototype}',
        '/a/{1x}',
        '/a/{x}/{x}',
        '/a/*/b',
      ]) {
        const error = thrown(
          () => new RawRoute(new Scope('app'), 'p', { method: 'GET', path, handler: noop }),
        );
        assert.equal(error.name, RawRouteErrors.InvalidRoute, path);
      }
    });
  });
});

describe('R-410 matching', () => {
  const handlers: Record<string, RawRouteHandler> = {};
  const routesPromise = table((app) => {
    for (const [id, method, path] of [
      ['user', 'GET', '/users/{id}'],
      ['userPost', 'POST', '/users/{id}/posts/{post_id}'],
      ['files', 'GET', '/files/*'],
      ['first', 'GET', '/same/{a}'],
      ['second', 'GET', '/same/literal'],
      ['health', 'GET', '/health'],
    ] as const) {
      handlers[id] = () => {};
      new RawRoute(app, id, { method, path, handler: handlers[id] as RawRouteHandler });
    }
  });

  it('captures and decodes {name} segments into a null-prototype object', async () => {
    const match = (await routesPromise).match('GET', '/users/a%20b');
    assert.equal(match?.route.handler, handlers.user);
    assert.equal(Object.getPrototypeOf(match?.params), null);
    assert.deepEqual({ ...match?.params }, { id: 'a b' });
    assert.deepEqual(
      { ...(await routesPromise).match('POST', '/users/7/posts/x')?.params },
      { id: '7', post_id: 'x' },
    );
  });

  it('keeps a badly encoded segment raw', async () => {
    assert.deepEqual(
      { ...(await routesPromise).match('GET', '/users/%E0%A4%A')?.params },
      { id: '%E0%A4%A' },
    );
  });

  it('captures the rest for *, possibly empty, undecoded; /files/* does not match /files', async () => {
    const routes = await routesPromise;
    assert.deepEqual({ ...routes.match('GET', '/files/a/b%20c')?.params }, { '*': 'a/b%20c' });
    assert.deepEqual({ ...routes.match('GET', '/files/')?.params }, { '*': '' });
    assert.equal(routes.match('GET', '/files'), null);
  });

  it('collapses repeated slashes and retries without the trailing slash', async () => {
    const routes = await routesPromise;
    assert.equal(routes.match('GET', '//health')?.route.handler, handlers.health);
    assert.equal(routes.match('GET', '/health/')?.route.handler, handlers.health);
    assert.equal(routes.match('GET', '/users//5/')?.params.id, '5');
  });

  it('needs the exact method and gives the first registered match', async () => {
    const routes = await routesPromise;
    assert.equal(routes.match('POST', '/health'), null);
    assert.equal(routes.match('HEAD', '/health'), null);
    assert.equal(routes.match('GET', '/same/literal')?.route.handler, handlers.first);
  });

  it('does not match a {name} against an empty or several segments', async () => {
    const routes = await routesPromise;
    assert.equal(routes.match('GET', '/users/'), null);
    assert.equal(routes.match('GET', '/users/a/b'), null);
  });
});

describe('R-411 responses', () => {
  async function serve(handler: RawRouteHandler, mode: 'sandbox' | 'production' = 'sandbox', method = 'GET') {
    const routes = await table((app) => {
      new RawRoute(app, 'r', { method: method as 'GET', path: '/r/{id}', handler });
    });
    return createBlocksHandler({}, { mode, routes, log: memoryLog() });
  }

  it('sends status, headers, cookies, params and a JSON body', async () => {
    const handler = await serve(({ request, response }) => {
      response.status = 201;
      response.headers.append('Set-Cookie', 'a=1');
      response.headers.append('Set-Cookie', 'b=2');
      response.send({ id: request.params.id, url: request.url.pathname });
    });
    const res = await handler.fetch(new Request('http://h/r/x%2Fy'));
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(res.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.deepEqual(await res.json(), { id: 'x/y', url: '/r/x%2Fy' });
  });

  it('sends strings as they are, and nothing when send() is not called', async () => {
    const text = await serve(({ response }) => {
      response.headers.set('content-type', 'text/plain');
      response.send('hello');
    });
    const res = await text.fetch(new Request('http://h/r/1'));
    assert.equal(res.headers.get('content-type'), 'text/plain');
    assert.equal(await res.text(), 'hello');
    const empty = await serve(() => {});
    assert.equal(await (await empty.fetch(new Request('http://h/r/1'))).text(), '');
  });

  it('reads the request body', async () => {
    const handler = await serve(
      async ({ request, response }) => {
        response.send({ got: await request.json() });
      },
      'sandbox',
      'POST',
    );
    const res = await handler.fetch(new Request('http://h/r/1', { method: 'POST', body: '{"a":1}' }));
    assert.deepEqual(await res.json(), { got: { a: 1 } });
  });

  it('answers a thrown ApiError with its status, message and name', async () => {
    const handler = await serve(({ response }) => {
      response.headers.append('Set-Cookie', 'dropped=1');
      throw new ApiError('Gone', 410, { name: 'GoneException' });
    });
    const res = await handler.fetch(new Request('http://h/r/1'));
    assert.equal(res.status, 410);
    assert.deepEqual(res.headers.getSetCookie(), []);
    assert.deepEqual(await res.json(), { error: 'Gone', name: 'GoneException' });
  });

  it('answers other throws with 500, hiding them in production', async () => {
    const boom = () => {
      throw new Error('boom');
    };
    assert.deepEqual(await (await (await serve(boom)).fetch(new Request('http://h/r/1'))).json(), {
      error: 'boom',
    });
    const production = await (await serve(boom, 'production')).fetch(new Request('http://h/r/1'));
    assert.equal(production.status, 500);
    assert.deepEqual(await production.json(), { error: 'Internal error', name: 'InternalError' });
  });

  it('answers an OPTIONS route instead of the preflight', async () => {
    const handler = await serve(({ response }) => response.send('mine'), 'sandbox', 'OPTIONS');
    const res = await handler.fetch(new Request('http://h/r/1', { method: 'OPTIONS' }));
    assert.equal(await res.text(), 'mine');
  });
});
