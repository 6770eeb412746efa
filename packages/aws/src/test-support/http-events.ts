import { randomBytes } from 'node:crypto';
import type { HttpEventV2 } from '../lambda/lambda-event.js';

/** Options of {@link httpEvent}. */
export interface EventOptions {
  method?: string;
  path?: string;
  query?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string | Buffer;
  /** Send the body base64-encoded, as the gateway does for binary media and Function URLs often do. */
  base64?: boolean;
  sourceIp?: string;
  stage?: string;
}

const DOMAIN = 'r4nd0m1d.execute-api.us-east-1.amazonaws.com';

/**
 * An API Gateway HTTP API event in payload format 2.0, shaped like the ones AWS delivers (the same
 * fields, the same header conventions: lower-case names, cookies taken out into `cookies`).
 */
export function httpEvent(options: EventOptions = {}): HttpEventV2 & Record<string, unknown> {
  const method = options.method ?? 'POST';
  const path = options.path ?? '/aws-blocks/api';
  const stage = options.stage ?? '$default';
  const sourceIp = options.sourceIp ?? '203.0.113.7';
  const raw = options.body === undefined ? undefined : Buffer.from(options.body);
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: stage === '$default' ? path : `/${stage}${path}`,
    rawQueryString: options.query ?? '',
    ...(options.cookies ? { cookies: options.cookies } : {}),
    headers: {
      accept: '*/*',
      host: DOMAIN,
      'user-agent': 'node-test',
      'x-amzn-trace-id': `Root=1-${now.toString(16)}-${randomBytes(12).toString('hex')}`,
      'x-forwarded-for': sourceIp,
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(raw ? { 'content-length': String(raw.length), 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'r4nd0m1d',
      domainName: DOMAIN,
      domainPrefix: 'r4nd0m1d',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'node-test' },
      requestId: randomBytes(8).toString('base64url'),
      routeKey: '$default',
      stage,
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(raw ? { body: options.base64 ? raw.toString('base64') : raw.toString('utf8') } : {}),
    isBase64Encoded: options.base64 === true,
  };
}

let nextId = 1;

/** A JSON-RPC call as a 2.0 event. */
export function rpcEvent(method: string, params: unknown[] = [], options: EventOptions = {}) {
  return httpEvent({ ...options, body: JSON.stringify({ jsonrpc: '2.0', method, params, id: nextId++ }) });
}

/** The `name=value` part of each `Set-Cookie`, as a browser sends them back in `cookies`. */
export function cookiePairs(setCookies: readonly string[] | undefined): string[] {
  return (setCookies ?? []).map((cookie) => cookie.split(';')[0] as string);
}
