import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiNamespace } from './api-namespace.js';
import { addressOnly, forwardedClient, forwardedEntry, forwardedHost, trustedHops } from './forwarded.js';
import { createBlocksHandler } from './handler.js';
import { Scope } from './scope.js';
import { NO_ROUTES, rpcRequest } from './test-support/rpc.js';

describe('D-21 trusted proxy hops', () => {
  it('takes the n-th entry from the right, never a spoofed leftmost one', () => {
    const header = 'spoofed-1, spoofed-2, 203.0.113.7, 10.0.0.2';
    assert.equal(forwardedEntry(header, 1), '10.0.0.2');
    assert.equal(forwardedEntry(header, 2), '203.0.113.7');
    assert.equal(forwardedEntry('203.0.113.7', 1), '203.0.113.7');
  });

  it('falls back to the leftmost entry when fewer proxies appended than are trusted', () => {
    assert.equal(forwardedEntry('203.0.113.7', 3), '203.0.113.7');
  });

  it('trusts nothing with 0 hops, an empty header or an empty entry', () => {
    assert.equal(forwardedEntry('1.2.3.4', 0), undefined);
    assert.equal(forwardedEntry('', 1), undefined);
    assert.equal(forwardedEntry('1.2.3.4, ', 1), undefined);
    assert.equal(forwardedEntry(undefined, 1), undefined);
  });

  it('reads true as one hop and false or absent as none', () => {
    assert.equal(trustedHops(true), 1);
    assert.equal(trustedHops(false), 0);
    assert.equal(trustedHops(undefined), 0);
    assert.equal(trustedHops(3), 3);
  });

  it('gives blocks the address n hops from the right through handler.fetch', async () => {
    const backend = {
      api: new ApiNamespace(new Scope('hops'), 'api', (context) => ({
        who: () => context.request.clientAddress,
      })),
    };
    const body = '{"jsonrpc":"2.0","method":"api.who","id":1}';
    const forwarded = { 'x-forwarded-for': 'evil, 198.51.100.4, 10.0.0.9' };
    const ask = async (trustProxy: boolean | number) => {
      const handler = createBlocksHandler(backend, { mode: 'production', routes: NO_ROUTES, trustProxy });
      const res = await handler.fetch(rpcRequest(body, forwarded), { clientAddress: '127.0.0.1' });
      return ((await res.json()) as { result: string }).result;
    };
    assert.equal(await ask(false), '127.0.0.1');
    assert.equal(await ask(true), '10.0.0.9');
    assert.equal(await ask(2), '198.51.100.4');
  });

  it('refuses a trustProxy that is not a boolean or a hop count', () => {
    assert.throws(
      () => createBlocksHandler({}, { mode: 'production', routes: NO_ROUTES, trustProxy: -1 }),
      /trustProxy/,
    );
  });

  it('reduces a client entry to the address: ip:port, [v6]:port and [v6] (D-21)', () => {
    assert.equal(addressOnly('198.51.100.4:51234'), '198.51.100.4');
    assert.equal(addressOnly(' 198.51.100.4 '), '198.51.100.4');
    assert.equal(addressOnly('[2001:db8::1]:443'), '2001:db8::1');
    assert.equal(addressOnly('[2001:db8::1]'), '2001:db8::1');
    assert.equal(addressOnly('2001:db8::1'), '2001:db8::1');
    assert.equal(addressOnly('::ffff:10.0.0.1'), '::ffff:10.0.0.1');
    // Not an address with a port: left as written, so it never collides with a real address.
    for (const odd of ['unknown', '999.1.1.1:80', '[not-v6]:80', '1.2.3.4:port', '[::1]:99999x']) {
      assert.equal(addressOnly(odd), odd);
    }
    assert.equal(forwardedClient('6.6.6.6:1, 203.0.113.7:40000', 1), '203.0.113.7');
    assert.equal(forwardedClient('', 1), undefined);
  });

  it('reads X-Forwarded-Host only when trusted explicitly (D-21 amended)', () => {
    assert.equal(forwardedHost('evil.example, app.example.com', 1, false), undefined);
    assert.equal(forwardedHost('evil.example, app.example.com', 1, true), 'app.example.com');
    assert.equal(forwardedHost('app.example.com', 0, true), undefined);
  });

  it('keys one client by its address whatever source port each connection used, through handler.fetch', async () => {
    const backend = {
      api: new ApiNamespace(new Scope('ports'), 'api', (context) => ({
        who: () => context.request.clientAddress,
      })),
    };
    const handler = createBlocksHandler(backend, { mode: 'production', routes: NO_ROUTES, trustProxy: 1 });
    const body = '{"jsonrpc":"2.0","method":"api.who","id":1}';
    const seen = new Set<string>();
    for (const port of [40001, 40002, 40003]) {
      const res = await handler.fetch(rpcRequest(body, { 'x-forwarded-for': `203.0.113.7:${port}` }));
      seen.add(((await res.json()) as { result: string }).result);
    }
    assert.deepEqual([...seen], ['203.0.113.7']);
  });
});
