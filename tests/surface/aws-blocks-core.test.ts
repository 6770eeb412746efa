/**
 * The public core API of AWS Blocks, imported by its AWS Blocks names (npm aliases of our packages),
 * behaves as the reference's does: one test per name or group of names.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import * as blocks from '@aws-blocks/blocks';
import * as blocksServer from '@aws-blocks/blocks/server';
import {
  _resetConfigCache,
  _resetSdkRegistry,
  ApiError,
  BLOCKS_AUTH_PREFIX,
  BLOCKS_RPC_PREFIX,
  type BuildingBlockMeta,
  clearRouteRegistry,
  createBlocksHandler,
  DEFAULT_API_ERROR_NAME,
  getAllSdkIdentifiers,
  getConfig,
  getConfigSync,
  getRegisteredRoutes,
  getSdkIdentifiers,
  type HttpMethod,
  loadConfigToProcessEnv,
  lockRouteRegistry,
  matchRoute,
  preloadConfig,
  RawRoute,
  RawRouteErrors,
  type RegisteredRoute,
  registerRoute,
  registerSdkIdentifiers,
  Scope,
  unlockRouteRegistry,
} from '@aws-blocks/core';
import {
  API_NAMESPACE_MARKER,
  constantTimeEquals,
  errorFactory,
  getMockDataDir,
  OptionsError,
  optionsCheck,
  requestHeader,
  toWireError,
} from '@aws-blocks/core/bb-utils';
import { withAuth } from '@aws-blocks/core/server';
import { CORE_VERSION } from '@aws-blocks/core/version';
import * as block from '@blockyard/core/block';

const noop = () => {};

describe('@aws-blocks/core root', () => {
  afterEach(() => {
    clearRouteRegistry();
    _resetSdkRegistry();
    _resetConfigCache();
  });

  it('DEFAULT_API_ERROR_NAME is the name of an ApiError built without one, also from @aws-blocks/blocks', () => {
    assert.equal(DEFAULT_API_ERROR_NAME, 'ApiError');
    assert.equal(new ApiError('x', 400).name, DEFAULT_API_ERROR_NAME);
    assert.equal(blocks.DEFAULT_API_ERROR_NAME, DEFAULT_API_ERROR_NAME);
  });

  it('BLOCKS_RPC_PREFIX is the RPC endpoint the handler serves; BLOCKS_AUTH_PREFIX is below /aws-blocks', async () => {
    assert.equal(BLOCKS_RPC_PREFIX, '/aws-blocks/api');
    assert.equal(BLOCKS_AUTH_PREFIX, '/aws-blocks/auth');
    const handler = createBlocksHandler({}, { mode: 'sandbox' });
    const res = await handler.fetch(
      new Request(`http://localhost${BLOCKS_RPC_PREFIX}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'nope.x', id: 1 }),
      }),
    );
    assert.equal(((await res.json()) as { error: { code: number } }).error.code, -32601);
  });

  it('the SDK identifier registry records, merges, lists and resets', () => {
    const store = new Scope('users', { parent: new Scope('app') });
    registerSdkIdentifiers(store.fullId, { tableName: 'app-users' });
    registerSdkIdentifiers(store.fullId, { region: 'local' });
    assert.deepEqual(getSdkIdentifiers(store), { tableName: 'app-users', region: 'local' });
    assert.deepEqual([...getAllSdkIdentifiers().keys()], ['app-users']);
    _resetSdkRegistry();
    assert.deepEqual(getSdkIdentifiers(store), {});
  });

  it('runtime config: the environment first, locally no document, so an unknown key is ""', async () => {
    const key = 'BLOCKYARD_SURFACE_CONFIG_KEY';
    assert.equal(await getConfig(key), '');
    assert.equal(getConfigSync(key), '');
    await preloadConfig();
    await loadConfigToProcessEnv();
    assert.equal(process.env[key], undefined);
    process.env[key] = 'set';
    try {
      assert.equal(await getConfig(key), 'set');
      assert.equal(getConfigSync(key), 'set');
    } finally {
      delete process.env[key];
    }
  });

  it('the raw route registry: register, match, list, lock, unlock, clear; RawRoute uses the same table', () => {
    clearRouteRegistry();
    const method: HttpMethod = 'GET';
    registerRoute({ method, path: '/users/{id}/', handler: noop });
    new RawRoute(new Scope('app'), 'health', { method: 'GET', handler: async () => {} });
    const routes: readonly RegisteredRoute[] = getRegisteredRoutes();
    assert.deepEqual(
      routes.map((r) => r.path),
      ['/users/{id}', '/health'],
    );
    assert.deepEqual({ ...matchRoute('GET', '/users/a%2Fb')?.params }, { id: 'a/b' });
    assert.equal(matchRoute('GET', '/health/')?.route.path, '/health');
    assert.equal(matchRoute('DELETE', '/health'), null);
    assert.throws(
      () => registerRoute({ method: 'GET', path: '/health', handler: noop }),
      (error: Error) => error.name === RawRouteErrors.DuplicateRoute,
    );
    lockRouteRegistry();
    assert.throws(
      () => registerRoute({ method: 'GET', path: '/late', handler: noop }),
      (error: Error) => error.name === RawRouteErrors.RegistryLocked,
    );
    unlockRouteRegistry();
    registerRoute({ method: 'GET', path: '/late', handler: noop });
    clearRouteRegistry();
    assert.equal(getRegisteredRoutes().length, 0);
  });

  it('a block scope carries BuildingBlockMeta and builds its user-agent chain', () => {
    class KVStoreLike extends Scope implements BuildingBlockMeta {
      declare readonly bbName: string;
      declare readonly bbVersion: string;
      constructor(scope: Scope, id: string) {
        super(id, { parent: scope, bbName: 'KVStore', bbVersion: '9.9.9' });
      }
      chain() {
        return this.buildUserAgentChain();
      }
    }
    const store = new KVStoreLike(new Scope('app'), 'users');
    assert.deepEqual(store.chain(), [
      ['aws-blocks', CORE_VERSION],
      ['bb', 'KVStore/9.9.9'],
    ]);
  });
});

describe('@aws-blocks/core/server', () => {
  it('withAuth is the same function as @aws-blocks/blocks/server has', () => {
    assert.equal(typeof withAuth, 'function');
    assert.equal(withAuth, blocksServer.withAuth);
  });
});

describe('@aws-blocks/core/bb-utils', () => {
  it('is @blockyard/core/block', () => {
    assert.equal(errorFactory, block.errorFactory);
    assert.equal(getMockDataDir, block.getMockDataDir);
  });

  it('API_NAMESPACE_MARKER marks a namespace handler', () => {
    assert.equal(API_NAMESPACE_MARKER, Symbol.for('blocks:ApiNamespace'));
    const api = new blocks.ApiNamespace(new Scope('app'), 'api', () => ({ ping: () => 'pong' }));
    assert.equal((api as unknown as Record<symbol, unknown>)[API_NAMESPACE_MARKER], 'api');
  });

  it('constantTimeEquals compares strings', () => {
    assert.equal(constantTimeEquals('a', 'a'), true);
    assert.equal(constantTimeEquals('a', 'b'), false);
  });

  it("getMockDataDir is the block's folder in the app's local data folder", () => {
    const app = mkdtempSync(join(tmpdir(), 'blockyard-surface-'));
    const saved = process.env.BLOCKS_APP_DIR;
    process.env.BLOCKS_APP_DIR = app;
    try {
      const dir = getMockDataDir(new Scope('store', { parent: new Scope('app') }));
      assert.equal(dir, join(app, '.bb-data', 'app-store'));
      assert.ok(statSync(dir).isDirectory());
      assert.equal(getMockDataDir(new Scope('x'), { root: true }), join(app, '.bb-data'));
    } finally {
      if (saved === undefined) delete process.env.BLOCKS_APP_DIR;
      else process.env.BLOCKS_APP_DIR = saved;
      rmSync(app, { recursive: true, force: true });
    }
  });

  it('errorFactory, optionsCheck, toWireError and requestHeader are what a block is built with', () => {
    const fail = errorFactory({ BusyException: 503 });
    const error = fail('BusyException', 'Try later', { retriable: true });
    assert.deepEqual(
      { name: error.name, status: error.status, retriable: error.retriable },
      { name: 'BusyException', status: 503, retriable: true },
    );
    assert.equal(toWireError(error, false).status, 503);
    assert.throws(() => optionsCheck('MyBlock')(false, 'options.x', 'a number'), OptionsError);
    const request = { headers: new Headers({ cookie: 'a=1' }) } as never;
    assert.equal(requestHeader(request, 'cookie'), 'a=1');
  });
});

describe('@aws-blocks/core/version', () => {
  it('CORE_VERSION is a semantic version', () => {
    assert.match(CORE_VERSION, /^\d+\.\d+\.\d+/);
  });
});
