import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoreErrors } from './core-errors.js';
import { createBlocksHandler } from './handler.js';
import { HostPolicy, hostName } from './host-policy.js';
import { NO_ROUTES } from './test-support/rpc.js';

describe('D-20 Host allowlist', () => {
  it('reduces a Host value to its lower-cased name', () => {
    assert.equal(hostName('Example.COM:8080'), 'example.com');
    assert.equal(hostName('[::1]:3001'), '[::1]');
    assert.equal(hostName('localhost'), 'localhost');
  });

  it('matches names on any port, name:port entries on that port only, bare IPv6 bracketed', () => {
    const policy = new HostPolicy(['localhost', 'api.example.com:8443', '::1', ' ']);
    assert.equal(policy.allows('localhost:3001'), true);
    assert.equal(policy.allows('LOCALHOST'), true);
    assert.equal(policy.allows('[::1]:3001'), true);
    assert.equal(policy.allows('api.example.com:8443'), true);
    assert.equal(policy.allows('api.example.com'), false);
    assert.equal(policy.allows('localhost.evil.com'), false);
    assert.equal(policy.allows(''), false);
    assert.equal(policy.allows(undefined), false);
  });

  it('answers other hosts 421 with a JSON body before anything else, preflights included', async () => {
    const handler = createBlocksHandler(
      {},
      { mode: 'sandbox', routes: NO_ROUTES, allowedHosts: ['localhost'] },
    );
    for (const method of ['POST', 'OPTIONS', 'GET']) {
      const res = await handler.fetch(new Request('http://evil.com:3001/aws-blocks/api', { method }));
      assert.equal(res.status, 421, method);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(((await res.json()) as { name: string }).name, CoreErrors.HostNotAllowed);
    }
    const ok = await handler.fetch(new Request('http://localhost:3001/nothing'));
    assert.equal(ok.status, 404);
  });

  it('answers every host when no allowlist is given', async () => {
    const handler = createBlocksHandler({}, { mode: 'production', routes: NO_ROUTES });
    assert.equal((await handler.fetch(new Request('http://any.example/nothing'))).status, 404);
  });
});
