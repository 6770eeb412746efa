import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

/** A DynamoDB implementation (dynalite, in memory) listening on loopback for one test file. */
export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** A `dynamodb://` URL for a fresh table name that the engine creates on first use. */
  url(table?: string): string;
  stop(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** Starts dynalite on a free loopback port, tables created and deleted without delay. */
export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listen(server);
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    url: (table = `bb-test-${randomBytes(4).toString('hex')}`) =>
      `dynamodb://${table}?region=us-east-1&endpoint=${encodeURIComponent(endpoint)}&createTable=1`,
    stop: () => close(server),
  };
}

/** A proxy in front of an endpoint that answers chosen requests with a DynamoDB throttling error. */
export interface ThrottlingProxy {
  endpoint: string;
  /** Throttle the next `count` requests. */
  throttleNext(count: number): void;
  /** Requests seen, and how many of them were throttled. */
  readonly stats: { requests: number; throttled: number };
  stop(): Promise<void>;
}

/**
 * Starts a loopback HTTP proxy to `target` that refuses the next N requests the way DynamoDB does
 * when a partition is over its throughput (HTTP 400, `ProvisionedThroughputExceededException`).
 */
export async function startThrottlingProxy(target: string): Promise<ThrottlingProxy> {
  const upstream = new URL(target);
  let pending = 0;
  const stats = { requests: 0, throttled: 0 };
  const server = createServer((req, res) => {
    stats.requests++;
    if (pending > 0) {
      pending--;
      stats.throttled++;
      req.resume();
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        }),
      );
      return;
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  const port = await listen(server);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttleNext: (count) => {
      pending = count;
    },
    stats,
    stop: () => close(server),
  };
}
