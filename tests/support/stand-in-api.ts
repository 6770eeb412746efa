/**
 * @module tests/support/stand-in-api — a loopback stand-in for a deployed Blocks API (the
 * `custom.blocks_api_url` of an `amplify_outputs.json`): answers every JSON-RPC call with
 * `{ deployed: true }`, records the methods called, and lets any page origin call it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running stand-in. */
export interface StandInApi {
  /** `http://127.0.0.1:<port>/aws-blocks/api` */
  readonly url: string;
  /** The JSON-RPC methods called so far, in order. */
  readonly calls: string[];
  close(): Promise<void>;
}

/** Starts a stand-in on a free loopback port. */
export async function startStandInApi(): Promise<StandInApi> {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    const cors = {
      'access-control-allow-origin': request.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'Content-Type, Authorization',
      vary: 'Origin',
    };
    if (request.method === 'OPTIONS') {
      response.writeHead(200, cors).end();
      return;
    }
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const call = JSON.parse(body) as { method: string; id: number };
      calls.push(call.method);
      response.writeHead(200, { ...cors, 'content-type': 'application/json' });
      response.end(JSON.stringify({ jsonrpc: '2.0', result: { deployed: true }, id: call.id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/aws-blocks/api`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
