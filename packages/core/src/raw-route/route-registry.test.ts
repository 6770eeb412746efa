import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { isBlocksError } from '../errors.js';
import { Scope } from '../scope.js';
import { thrown } from '../test-support/thrown.js';
import { RawRouteErrors } from './errors.js';
import { RawRoute } from './raw-route.js';
import {
  clearRouteRegistry,
  getRegisteredRoutes,
  lockRouteRegistry,
  matchRoute,
  registerRoute,
  unlockRouteRegistry,
} from './registry.js';
import type { RawRouteHandler } from './route-table.js';

const noop: RawRouteHandler = () => {};

afterEach(() => clearRouteRegistry());

describe('the raw route registry functions', () => {
  it('registerRoute normalizes the path and getRegisteredRoutes lists it with its compiled pattern', () => {
    clearRouteRegistry();
    registerRoute({ method: 'GET', path: '//users///{id}/', handler: noop });
    const [route] = getRegisteredRoutes();
    assert.equal(route?.path, '/users/{id}');
    assert.equal(route?.method, 'GET');
    assert.equal(route?.handler, noop);
    assert.deepEqual(route?.paramNames, ['id']);
    assert.ok(route?.pattern.test('/users/7'));
  });

  it('matchRoute gives the route and decoded params, or null', () => {
    clearRouteRegistry();
    registerRoute({ method: 'GET', path: '/users/{id}', handler: noop });
    registerRoute({ method: 'GET', path: '/files/*', handler: noop });
    const match = matchRoute('GET', '/users/a%20b');
    assert.equal(match?.route.path, '/users/{id}');
    assert.deepEqual({ ...match?.params }, { id: 'a b' });
    assert.equal(Object.getPrototypeOf(match?.params), null);
    assert.deepEqual({ ...matchRoute('GET', '/files/x%20y/z')?.params }, { '*': 'x%20y/z' });
    assert.equal(matchRoute('POST', '/users/1'), null);
    assert.equal(matchRoute('GET', '/nothing'), null);
  });

  it('tries each route with the path as it is, then without its trailing slash, in registration order', () => {
    clearRouteRegistry();
    registerRoute({ method: 'GET', path: '/files', handler: noop });
    registerRoute({ method: 'GET', path: '/files/*', handler: noop });
    assert.equal(matchRoute('GET', '/files/')?.route.path, '/files');
    assert.equal(matchRoute('GET', '//files//')?.route.path, '/files');
  });

  it('RawRoute registers through the same table', () => {
    clearRouteRegistry();
    new RawRoute(new Scope('app'), 'health', { method: 'GET', handler: noop });
    assert.equal(matchRoute('GET', '/health')?.route.handler, noop);
    const error = thrown(() => registerRoute({ method: 'GET', path: '/health/', handler: noop }));
    assert.ok(isBlocksError(error, RawRouteErrors.DuplicateRoute));
    assert.match(error.message, /^DuplicateRouteException: /);
  });

  it('refuses reserved paths and unknown methods', () => {
    clearRouteRegistry();
    for (const path of ['/', '/aws-blocks', '/AWS-BLOCKS/api', '/aws-blocks/api/x']) {
      const error = thrown(() => registerRoute({ method: 'GET', path, handler: noop }));
      assert.equal(error.name, RawRouteErrors.InvalidRoute, path);
    }
    registerRoute({ method: 'GET', path: '/aws-blocks/auth/callback', handler: noop });
    const error = thrown(() => registerRoute({ method: 'TRACE' as never, path: '/x', handler: noop }));
    assert.match(error.message, /^Invalid HTTP method: TRACE/);
  });

  it('lock refuses registration until unlock; clear empties and unlocks', () => {
    clearRouteRegistry();
    registerRoute({ method: 'GET', path: '/a', handler: noop });
    lockRouteRegistry();
    const error = thrown(() => registerRoute({ method: 'GET', path: '/b', handler: noop }));
    assert.equal(error.name, RawRouteErrors.RegistryLocked);
    assert.equal(
      error.message,
      'Routes must be registered during initialization. Cannot register routes after handler creation.',
    );
    unlockRouteRegistry();
    registerRoute({ method: 'GET', path: '/b', handler: noop });
    assert.equal(getRegisteredRoutes().length, 2);
    lockRouteRegistry();
    clearRouteRegistry();
    assert.equal(getRegisteredRoutes().length, 0);
    registerRoute({ method: 'GET', path: '/c', handler: noop });
  });
});
