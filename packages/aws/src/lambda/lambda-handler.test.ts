import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoreErrors } from '@blockyard/core';
import { cookiePairs, httpEvent, rpcEvent } from '../test-support/http-events.js';
import { eventToRequest } from './event-to-request.js';
import { createLambdaHandler } from './lambda-handler.js';
import { responseToResult } from './response-to-result.js';

let loads = 0;
/** A handler over a fresh copy of the probe backend (its RawRoutes register on each load). */
function probeHandler(env: Record<string, string> = {}) {
  const copy = ++loads;
  return createLambdaHandler(() => import(`../test-support/probe-backend.js?copy=${copy}`), { env });
}

function json(result: { body: string }) {
  return JSON.parse(result.body);
}

describe('Lambda handler (payload 2.0 events)', () => {
  it('answers an RPC call, with the cookies array joined into one Cookie header', async () => {
    const handler = probeHandler();
    const result = await handler(rpcEvent('probe.echo', ['hi'], { cookies: ['a=1', 'b=2'] }));
    assert.equal(result.statusCode, 200);
    assert.equal(result.headers['content-type'], 'application/json');
    assert.equal(result.headers['cache-control'], 'no-store');
    assert.equal(result.isBase64Encoded, false);
    const { result: echoed } = json(result);
    assert.equal(echoed.value, 'hi');
    assert.equal(echoed.cookie, 'a=1; b=2');
    assert.equal(echoed.url, 'https://r4nd0m1d.execute-api.us-east-1.amazonaws.com/aws-blocks/api');
  });

  it('decodes a base64 body', async () => {
    const handler = probeHandler();
    const event = rpcEvent('probe.echo', ['über ✓']);
    const base64 = httpEvent({ body: event.body as string, base64: true });
    assert.equal(base64.isBase64Encoded, true);
    assert.equal(json(await handler(base64)).result.value, 'über ✓');
  });

  it('keeps several Set-Cookie apart in cookies', async () => {
    const handler = probeHandler();
    const result = await handler(httpEvent({ method: 'GET', path: '/two-cookies' }));
    assert.equal(result.statusCode, 200);
    assert.deepEqual(result.cookies, ['a=1; Path=/; HttpOnly', 'b=2; Path=/; HttpOnly']);
    assert.equal(result.headers['set-cookie'], undefined);
    assert.deepEqual(cookiePairs(result.cookies), ['a=1', 'b=2']);
  });

  it('refuses a body over 10 MiB as PayloadTooLarge (413), also when base64-encoded', async () => {
    const handler = probeHandler();
    const big = `{"jsonrpc":"2.0","method":"probe.echo","params":["${'x'.repeat(10 * 1024 * 1024)}"],"id":1}`;
    for (const base64 of [false, true]) {
      for (const headers of [{}, { 'content-length': '' }] as Record<string, string>[]) {
        const { error } = json(await handler(httpEvent({ body: big, base64, headers })));
        assert.equal(error.code, 413);
        assert.equal(error.data.name, 'PayloadTooLarge');
      }
    }
    assert.equal((await handler(rpcEvent('probe.echo', ['x'.repeat(1024 * 1024)]))).statusCode, 200);
  });

  it('hides unexpected error messages (D-02) and answers InternalError with code 500', async () => {
    const handler = probeHandler();
    const result = await handler(rpcEvent('probe.fail'));
    const { error } = json(result);
    assert.equal(error.code, 500);
    assert.equal(error.data.name, 'InternalError');
    assert.ok(!result.body.includes('hunter2'));
  });

  it('applies the CORS allowlist (D-05): allowed origins echoed, others refused with 403', async () => {
    const handler = probeHandler({ CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
    const allowed = await handler(
      rpcEvent('probe.echo', [1], { headers: { origin: 'https://app.example.com' } }),
    );
    assert.equal(allowed.statusCode, 200);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(allowed.headers['access-control-allow-credentials'], 'true');
    const preflight = await handler(
      httpEvent({ method: 'OPTIONS', headers: { origin: 'https://app.example.com' } }),
    );
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example.com');
    const refused = await handler(
      rpcEvent('probe.echo', [1], { headers: { origin: 'https://evil.example' } }),
    );
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
  });

  it('answers 421 for a host outside BLOCKS_ALLOWED_HOSTS (D-20)', async () => {
    const handler = probeHandler({ BLOCKS_ALLOWED_HOSTS: 'api.example.com' });
    assert.equal((await handler(rpcEvent('probe.echo', [1]))).statusCode, 421);
    const refused = await handler(rpcEvent('probe.echo', [1]));
    assert.equal(json(refused).name, CoreErrors.HostNotAllowed);
    const ok = await handler(rpcEvent('probe.echo', [1], { headers: { host: 'API.example.com' } }));
    assert.equal(ok.statusCode, 200);
    const onPort = probeHandler({ BLOCKS_ALLOWED_HOSTS: 'api.example.com:8443' });
    const other = await onPort(rpcEvent('probe.echo', [1], { headers: { host: 'api.example.com' } }));
    assert.equal(other.statusCode, 421);
    const same = await onPort(rpcEvent('probe.echo', [1], { headers: { host: 'api.example.com:8443' } }));
    assert.equal(same.statusCode, 200);
  });

  it('reads X-Forwarded-Host only behind a trusted proxy told to, the entry that proxy appended (D-21)', () => {
    const headers = { 'x-forwarded-host': 'evil.example, app.example.com' };
    const gateway = 'r4nd0m1d.execute-api.us-east-1.amazonaws.com';
    assert.equal(
      eventToRequest(httpEvent({ headers }), { trustProxy: 1, trustForwardedHost: true }).host,
      gateway,
    );
    assert.equal(
      eventToRequest(httpEvent({ headers }), 2).host,
      gateway,
      'not without BLOCKS_TRUST_FORWARDED_HOST',
    );
    assert.equal(
      eventToRequest(httpEvent({ headers }), { trustProxy: 2, trustForwardedHost: true }).host,
      'app.example.com',
    );
    const { request } = eventToRequest(httpEvent({ headers: { 'x-forwarded-proto': 'http, https' } }), 2);
    assert.equal(new URL(request.url).protocol, 'http:');
  });

  it('takes the client address from the gateway, or the n-th X-Forwarded-For hop from the right (D-21)', async () => {
    const spoofed = { 'x-forwarded-for': '6.6.6.6, 198.51.100.9, 203.0.113.7' };
    const direct = probeHandler();
    const viaCdn = probeHandler({ BLOCKS_TRUST_PROXY: '2' });
    assert.equal(
      json(await direct(rpcEvent('probe.whoAmI', [], { headers: spoofed }))).result,
      '203.0.113.7',
    );
    assert.equal(
      json(await viaCdn(rpcEvent('probe.whoAmI', [], { headers: spoofed }))).result,
      '198.51.100.9',
    );
  });

  it('drops a named stage from the path', () => {
    const { request } = eventToRequest(httpEvent({ stage: 'prod', path: '/aws-blocks/api' }), 1);
    assert.equal(new URL(request.url).pathname, '/aws-blocks/api');
  });

  it('answers 500 while the backend fails to load, then loads it on a later event', async () => {
    let attempts = 0;
    const handler = createLambdaHandler(async () => {
      attempts++;
      if (attempts === 1) throw new Error('cold start failure');
      const retried = '../test-support/probe-backend.js?copy=retry';
      return import(retried);
    });
    const first = await handler(rpcEvent('probe.echo', [1]));
    assert.equal(first.statusCode, 500);
    assert.ok(!first.body.includes('cold start failure'));
    assert.equal((await handler(rpcEvent('probe.echo', [1]))).statusCode, 200);
  });

  it('refuses events that are not HTTP payload 2.0 events, and bad options at construction', async () => {
    const handler = probeHandler();
    const result = await handler({ Records: [] } as never);
    assert.equal(result.statusCode, 400);
    assert.throws(() => createLambdaHandler('index.js' as never), TypeError);
    assert.throws(
      () => createLambdaHandler(async () => ({}), { env: { BLOCKS_TRUST_PROXY: 'maybe' } }),
      TypeError,
    );
  });

  it('base64-encodes binary response bodies and keeps text as UTF-8', async () => {
    const png = await responseToResult(
      new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { headers: { 'content-type': 'image/png' } }),
    );
    assert.equal(png.isBase64Encoded, true);
    assert.equal(png.body, Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'));
    const text = await responseToResult(new Response('é', { headers: { 'content-type': 'text/plain' } }));
    assert.equal(text.isBase64Encoded, false);
    assert.equal(text.body, 'é');
  });

  it('never throws on header values above U+00FF: carries their UTF-8 bytes as the Node adapter does', async () => {
    const handler = probeHandler({ CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
    const headers = { 'x-geo-city': 'Łódź', origin: 'https://app.example.com', 'x-bad': 'a\nb' };
    const cookies = ['sibling=\ufffd', 'a=1'];
    const asNodeReadsIt = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    const city = await handler(rpcEvent('probe.header', ['x-geo-city'], { headers, cookies }));
    assert.equal(city.statusCode, 200);
    assert.equal(city.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(json(city).result, asNodeReadsIt('Łódź'));
    const echoed = json(await handler(rpcEvent('probe.echo', [1], { headers, cookies }))).result;
    assert.equal(echoed.cookie, asNodeReadsIt('sibling=\ufffd; a=1'));
    const dropped = await handler(rpcEvent('probe.header', ['x-bad'], { headers }));
    assert.equal(json(dropped).result, null, 'a value Headers cannot hold is left out');
  });

  it('answers malformed events with the JSON error shape (D-02), never a throw', async () => {
    const handler = probeHandler();
    const event = (change: (e: Record<string, unknown>) => void) => {
      const e = rpcEvent('probe.echo', [1]) as unknown as Record<string, unknown>;
      change(e);
      return e as never;
    };
    const context = (e: Record<string, unknown>) => e.requestContext as { http: Record<string, unknown> };
    const malformed = [
      event((e) => delete e.requestContext),
      event((e) => delete e.rawPath),
      event((e) => {
        e.cookies = 'a=1';
      }),
      event((e) => {
        e.headers = 'host: x';
      }),
      event((e) => {
        e.body = { jsonrpc: '2.0' };
      }),
      event((e) => {
        context(e).http.method = 'BREW';
      }),
      event((e) => {
        context(e).http.method = 'CONNECT';
      }),
      event((e) => {
        (e.headers as Record<string, string>).host = 'bad host/with space';
      }),
    ];
    for (const [i, e] of malformed.entries()) {
      const result = await handler(e);
      assert.equal(result.statusCode, 400, `event ${i}`);
      assert.equal(result.headers['content-type'], 'application/json', `event ${i}`);
      const body = json(result);
      const name = body.error?.data?.name ?? body.name;
      assert.equal(name, CoreErrors.InvalidRequest, `event ${i}`);
    }
  });

  it('ignores a client-sent X-Forwarded-Host for the Host allowlist unless told to trust it (D-21)', async () => {
    const env = { BLOCKS_ALLOWED_HOSTS: 'api.example.com', BLOCKS_TRUST_PROXY: '2' };
    const headers = { host: 'evil.example', 'x-forwarded-host': 'api.example.com' };
    const refused = await probeHandler(env)(rpcEvent('probe.echo', [1], { headers }));
    assert.equal(refused.statusCode, 421);
    assert.equal(json(refused).name, CoreErrors.HostNotAllowed);
    const trusted = probeHandler({ ...env, BLOCKS_TRUST_FORWARDED_HOST: '1' });
    assert.equal((await trusted(rpcEvent('probe.echo', [1], { headers }))).statusCode, 200);
  });
});
