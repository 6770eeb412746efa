import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiNamespace } from '../../api-namespace.js';
import { createBlocksHandler } from '../../handler.js';
import { Scope } from '../../scope.js';
import { NO_ROUTES } from '../../test-support/rpc.js';
import { createNodeListener } from './node-listener.js';

const MiB = 1024 * 1024;

interface Sent {
  status: number;
  body: string;
  error: string | undefined;
  sent?: boolean;
}

// An ordinary Node client in its own process (so its copy of the body does not count towards this
// process's memory): one `http.request`, the JSON body in one `end()` (or with a slow tail), then
// the answer.
const CLIENT = `
const http = require('node:http');
const [port, size, announce, slowTail, noAgent] = process.argv.slice(1).map(Number);
const head = '{"jsonrpc":"2.0","method":"api.echo","id":7,"params":["';
const body = Buffer.alloc(size, 0x78);
body.write(head, 0);
body.write('"]}', size - 3);
const headers = { 'content-type': 'application/json' };
if (announce) headers['content-length'] = String(size);
// Without an agent the request says Connection: close, so the answer ends the connection.
const agent = noAgent ? false : undefined;
const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/aws-blocks/api', headers, agent });
let answer = { status: 0, body: '' };
req.on('response', (res) => {
  answer.status = res.statusCode;
  res.setEncoding('utf8');
  res.on('data', (chunk) => { answer.body += chunk; });
});
req.on('error', (error) => { answer.error = error.code || error.message; });
req.on('finish', () => { answer.sent = true; });
req.on('close', () => process.stdout.write(JSON.stringify(answer)));
if (!slowTail) req.end(body);
else {
  // Most of the body at once, the last 1.5 MiB slowly (a slow uplink): the server must keep
  // reading for as long as that takes (within its bounds) for the client to finish and read.
  const fast = size - 1536 * 1024;
  req.write(body.subarray(0, fast));
  let offset = fast;
  const timer = setInterval(() => {
    const piece = body.subarray(offset, offset + 131072);
    offset += piece.length;
    if (offset >= size) {
      clearInterval(timer);
      req.end(piece);
    } else req.write(piece);
  }, 250);
}
`;

async function send(
  port: number,
  size: number,
  announce: boolean,
  slowTail = false,
  noAgent = false,
): Promise<Sent> {
  const args = [String(port), String(size), announce ? '1' : '0', slowTail ? '1' : '0', noAgent ? '1' : '0'];
  const child = spawn(process.execPath, ['-e', CLIENT, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  await once(child, 'close');
  return JSON.parse(out) as Sent;
}

describe('D-03 an over-limit body is answered, then drained (bounded)', () => {
  let server: Server;
  let port: number;

  before(async () => {
    const backend = {
      api: new ApiNamespace(new Scope('big'), 'api', () => ({ echo: (value: string) => value.length })),
    };
    server = http.createServer(
      createNodeListener(createBlocksHandler(backend, { mode: 'production', routes: NO_ROUTES })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const mib of [11, 12, 64]) {
    for (const [announce, slowTail] of [
      [true, false],
      [false, false],
      ...(mib === 11 ? ([[false, true]] as const) : []),
    ] as const) {
      const how = `${announce ? 'with Content-Length' : 'chunked'}${slowTail ? ', slow tail' : ''}`;
      it(`lets a Node http.request client sending ${mib} MiB (${how}) read the 413 error, memory flat`, {
        timeout: 30_000,
      }, async () => {
        const baseline = process.memoryUsage().rss;
        let peak = baseline;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 5);
        const sent = await send(port, mib * MiB, announce, slowTail);
        clearInterval(sampler);
        assert.equal(sent.error, undefined, `client error: ${sent.error}`);
        assert.equal(sent.status, 200);
        assert.equal(sent.sent, true, 'the client could write its whole request');
        const body = JSON.parse(sent.body) as { error: { code: number; data: { name: string } }; id: null };
        assert.equal(body.error.code, 413);
        assert.equal(body.error.data.name, 'PayloadTooLarge');
        assert.equal(body.id, null);
        assert.ok(peak - baseline <= 40 * MiB, `RSS grew by ${((peak - baseline) / MiB).toFixed(1)} MiB`);
      });
    }
  }

  // On a connection the answer closes (the client sent Connection: close), the answer must
  // not end it before the drain lets the client finish writing; the race shows up over many tries.
  for (const mib of [11, 12]) {
    it(`answers every one of 20 ${mib} MiB bodies from http.request with the 413 error, never EPIPE`, {
      timeout: 120_000,
    }, async () => {
      const failures: string[] = [];
      for (let i = 0; i < 20; i++) {
        const sent = await send(port, mib * MiB, i % 2 === 0, false, true);
        const name = sent.body
          ? (JSON.parse(sent.body) as { error?: { data?: { name?: string } } }).error?.data?.name
          : undefined;
        if (sent.error !== undefined || name !== 'PayloadTooLarge') {
          failures.push(`try ${i + 1}: ${sent.error ?? `status ${sent.status}, ${sent.body.slice(0, 80)}`}`);
        }
      }
      assert.deepEqual(failures, []);
    });
  }

  it('still answers an ordinary call on the same server afterwards', async () => {
    const sent = await send(port, 1024, true);
    assert.equal(sent.status, 200);
    assert.equal((JSON.parse(sent.body) as { result: number }).result, 1024 - 55 - 3);
    assert.equal(sent.error, undefined);
  });
});
