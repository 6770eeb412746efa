/**
 * @module tests/email/ses-peers — Amazon SES v2 stand-ins on loopback: the aws-ses-v2-local
 * emulator, and an error peer that answers every SendEmail with one chosen SES error in the
 * service's own REST-JSON shape, so the real SDK parses it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesLocal from 'aws-ses-v2-local';

/** The emulator's view of one stored e-mail (`GET /store`). */
export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

/** Starts aws-ses-v2-local on 127.0.0.1 and returns its endpoint. */
export async function startSesEmulator(): Promise<{
  endpoint: string;
  emails(): Promise<StoredEmail[]>;
  close(): Promise<void>;
}> {
  // A CommonJS module: its default export arrives wrapped once or twice, depending on the loader.
  type Start = (config?: { host?: string; port?: number }) => Promise<Server>;
  const loaded = sesLocal as unknown as { default: Start | { default: Start } };
  const run: Start = typeof loaded.default === 'function' ? loaded.default : loaded.default.default;
  const server: Server = await run({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    async emails() {
      const reply = await fetch(`${endpoint}/store`);
      return ((await reply.json()) as { emails: StoredEmail[] }).emails;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An SES error the error peer answers with. */
export interface SesFailure {
  status: number;
  type: string;
  message: string;
}

/** Starts the error peer; `fail` says what to answer next. Records every request body. */
export async function startSesErrorPeer(): Promise<{
  endpoint: string;
  fail(failure: SesFailure): void;
  readonly requests: Record<string, unknown>[];
  close(): Promise<void>;
}> {
  let failure: SesFailure = { status: 500, type: 'InternalFailure', message: 'failure' };
  const requests: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push(JSON.parse(body || '{}') as Record<string, unknown>);
      res.writeHead(failure.status, {
        'content-type': 'application/json',
        'x-amzn-errortype': `${failure.type}:http://internal.amazon.com/coral/com.amazonaws.sesv2/`,
        'x-amzn-requestid': 'test-request',
      });
      res.end(JSON.stringify({ message: failure.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    fail(next) {
      failure = next;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
