import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { ApiNamespace, createBlocksHandler, createNodeListener, Scope } from '@blockyard/core';
import { clearMiddleware, registerMiddleware } from './middleware.js';
import { ApiNamespaceClient } from './namespace-client.js';
import { configureTokenProvider } from './token-provider.js';

const scope = new Scope('token-test');
const backend = {
  api: new ApiNamespace(scope, 'api', (context) => ({
    async authorization() {
      return context.request.headers.get('authorization');
    },
  })),
};

let server: Server;
let url: string;

before(async () => {
  server = createServer(createNodeListener(createBlocksHandler(backend, { mode: 'sandbox' })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aws-blocks/api`;
});
after(() => server.close());
afterEach(() => {
  configureTokenProvider(undefined);
  clearMiddleware();
});

describe('token provider', () => {
  it('sends no Authorization header without a provider, or while it answers no token', async () => {
    const api = ApiNamespaceClient<typeof backend.api>('api', { url });
    assert.equal(await api.authorization(), null);
    configureTokenProvider(async () => undefined);
    assert.equal(await api.authorization(), null);
    configureTokenProvider(() => '');
    assert.equal(await api.authorization(), null);
  });

  it('attaches the configured token to every call, read again for each call', async () => {
    let token = 'header.payload.one';
    configureTokenProvider(async () => token);
    const api = ApiNamespaceClient<typeof backend.api>('api', { url });
    assert.equal(await api.authorization(), 'Bearer header.payload.one');
    token = 'header.payload.two';
    assert.equal(await api.authorization(), 'Bearer header.payload.two');
  });

  it("prefers a client's own provider, and lets middleware see and change the header", async () => {
    configureTokenProvider(() => 'global.token.x');
    const own = ApiNamespaceClient<typeof backend.api>('api', { url, token: () => 'own.token.y' });
    assert.equal(await own.authorization(), 'Bearer own.token.y');
    const seen: (string | undefined)[] = [];
    registerMiddleware({
      onRequest(req) {
        seen.push(req.headers.Authorization);
        req.headers.Authorization = 'Bearer replaced.by.middleware';
      },
    });
    assert.equal(await own.authorization(), 'Bearer replaced.by.middleware');
    assert.deepEqual(seen, ['Bearer own.token.y']);
  });

  it('refuses a provider that is not a function, or a token with spaces', async () => {
    assert.throws(() => configureTokenProvider('token' as never), TypeError);
    assert.throws(() => ApiNamespaceClient('api', { url, token: 'x' as never }), TypeError);
    configureTokenProvider(() => 'a b');
    const api = ApiNamespaceClient<typeof backend.api>('api', { url });
    await assert.rejects(api.authorization(), TypeError);
  });
});
