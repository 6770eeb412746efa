import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { CliErrors } from '../cli/errors.js';
import { HEALTH_PATH, healthRouteEnabled, withHealthRoute } from './health-route.js';

const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const app: RequestListener = (_req, res) => {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('app');
};

describe('the health route', () => {
  it('is off unless BLOCKS_HEALTH_ROUTE turns it on, and refuses other values', () => {
    assert.equal(healthRouteEnabled({}), false);
    assert.equal(healthRouteEnabled({ BLOCKS_HEALTH_ROUTE: '0' }), false);
    assert.equal(healthRouteEnabled({ BLOCKS_HEALTH_ROUTE: '1' }), true);
    assert.equal(healthRouteEnabled({ BLOCKS_HEALTH_ROUTE: 'on' }), true);
    assert.throws(
      () => healthRouteEnabled({ BLOCKS_HEALTH_ROUTE: 'maybe' }),
      (error: Error) => error.name === CliErrors.Usage,
    );
  });

  it('answers 200 when the engine answers, 503 with Retry-After when it fails, and passes the rest on', async () => {
    let down = false;
    const url = await serve(
      withHealthRoute(app, async () => {
        if (down) throw new Error('unavailable');
      }),
    );
    const up = await fetch(`${url}${HEALTH_PATH}`);
    assert.equal(up.status, 200);
    assert.equal(up.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await up.json(), { status: 'ok', engine: 'reachable' });
    down = true;
    const failing = await fetch(`${url}${HEALTH_PATH}?probe=1`);
    assert.equal(failing.status, 503);
    assert.ok(Number(failing.headers.get('retry-after')) > 0);
    assert.deepEqual(await failing.json(), { status: 'unavailable', engine: 'unreachable' });
    const head = await fetch(`${url}${HEALTH_PATH}`, { method: 'HEAD' });
    assert.equal(head.status, 503);
    const other = await fetch(`${url}/aws-blocks/other`);
    assert.equal(other.status, 404);
    assert.equal(await other.text(), 'app');
    const post = await fetch(`${url}${HEALTH_PATH}`, { method: 'POST' });
    assert.equal(await post.text(), 'app', 'only GET and HEAD are the health check');
  });
});
