import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpEvent, rpcEvent } from '../test-support/http-events.js';
import { DEADLINE_MARGIN_MS, MAX_REQUEST_MS, requestDeadlineMs } from './deadline.js';
import { createLambdaHandler } from './lambda-handler.js';

type SlowBackend = typeof import('../test-support/slow-backend.js');

let copies = 0;
/**
 * A handler over a fresh copy of the slow backend (imported by the handler, so its RawRoute is
 * collected), and that copy once the first event has loaded it.
 */
function slowHandler(env: Record<string, string> = {}) {
  let loaded: (backend: SlowBackend) => void = () => {};
  const backend = new Promise<SlowBackend>((resolve) => {
    loaded = resolve;
  });
  const copy = ++copies;
  const handler = createLambdaHandler(
    async () => {
      const module: SlowBackend = await import(`../test-support/slow-backend.js?copy=${copy}`);
      loaded(module);
      return module;
    },
    { env },
  );
  return { handler, backend };
}

/** A Lambda context with `remainingMs` left: the deadline is `remainingMs` − 1 000. */
function lambdaContext(remainingMs: number) {
  return { getRemainingTimeInMillis: () => remainingMs, awsRequestId: 'test' };
}

describe('Lambda request deadline (R-1508)', () => {
  it('is min(28 000 ms, remaining − 1 000 ms), never below 0', () => {
    assert.equal(requestDeadlineMs(lambdaContext(900_000)), MAX_REQUEST_MS);
    assert.equal(requestDeadlineMs(lambdaContext(10_000)), 10_000 - DEADLINE_MARGIN_MS);
    assert.equal(requestDeadlineMs(lambdaContext(400)), 0);
    assert.equal(requestDeadlineMs(undefined), MAX_REQUEST_MS);
    assert.equal(requestDeadlineMs({}), MAX_REQUEST_MS);
  });

  it('answers an RPC call that outlives it 504 HandlerTimeoutError, with CORS, and aborts its signal', async () => {
    const { handler, backend: loading } = slowHandler({ CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
    const event = rpcEvent('slow.wait', [], { headers: { origin: 'https://app.example.com' } });
    const result = await handler(event, lambdaContext(DEADLINE_MARGIN_MS + 50));
    const backend = await loading;
    assert.equal(result.statusCode, 504);
    assert.equal(result.headers['content-type'], 'application/json');
    assert.equal(result.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(result.headers['access-control-allow-credentials'], 'true');
    assert.equal(result.headers.vary, 'Origin');
    assert.deepEqual(JSON.parse(result.body), {
      jsonrpc: '2.0',
      error: { code: 504, message: 'Request timed out', data: { name: 'HandlerTimeoutError' } },
      id: null,
    });
    assert.equal(backend.seen.aborted, true);
    assert.equal((backend.seen.reason as Error).name, 'HandlerTimeoutError');
    backend.letGo();
  });

  it('answers a RawRoute that outlives it 504 HANDLER_TIMEOUT, without echoing an unlisted origin', async () => {
    const { handler, backend: loading } = slowHandler();
    const result = await handler(
      httpEvent({ method: 'GET', path: '/slow-route' }),
      lambdaContext(DEADLINE_MARGIN_MS + 50),
    );
    const backend = await loading;
    assert.equal(result.statusCode, 504);
    assert.equal(result.headers['content-type'], 'application/json');
    assert.equal(result.headers['access-control-allow-origin'], undefined);
    assert.deepEqual(JSON.parse(result.body), {
      error: 'Request timed out',
      name: 'HandlerTimeoutError',
      code: 'HANDLER_TIMEOUT',
    });
    assert.equal(backend.seen.aborted, true);
    backend.letGo();
  });

  it('lets a request that finishes in time answer normally, its signal never fired', async () => {
    const { handler, backend: loading } = slowHandler();
    const answer = handler(rpcEvent('slow.wait'), lambdaContext(DEADLINE_MARGIN_MS + 5_000));
    const backend = await loading;
    await backend.waiting;
    backend.letGo();
    const result = await answer;
    assert.equal(result.statusCode, 200);
    assert.equal(JSON.parse(result.body).result, 'done');
    assert.equal(backend.seen.aborted, false);
  });
});
