/**
 * The HTTP event of API Gateway HTTP APIs (payload format 2.0) and Lambda Function URLs, which share
 * it. Only the fields the adapter reads are listed.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export interface HttpEventV2 {
  version: '2.0';
  rawPath: string;
  rawQueryString?: string;
  /** `Cookie` header values, one per cookie; the gateway takes them out of `headers`. */
  cookies?: string[];
  /** Lower-case names; repeated headers arrive joined with commas. */
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: {
    /** Also accountId, apiId, requestId, time…: not read here. */
    [field: string]: unknown;
    domainName?: string;
    stage?: string;
    http: { method: string; path?: string; protocol?: string; sourceIp?: string; userAgent?: string };
  };
}

/** What the handler answers (the 2.0 response format): several `Set-Cookie` go in `cookies`. */
export interface HttpResultV2 {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** True when `event` looks like a payload 2.0 HTTP event. */
export function isHttpEventV2(event: unknown): event is HttpEventV2 {
  const e = event as Partial<HttpEventV2> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.version === '2.0' &&
    typeof e.rawPath === 'string' &&
    typeof e.requestContext === 'object' &&
    e.requestContext !== null &&
    typeof e.requestContext.http?.method === 'string'
  );
}

/** The request methods the adapter serves; anything else is a malformed event. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

/**
 * What is wrong with an event that claims to be a payload 2.0 HTTP event, or `undefined` when it can
 * be served: a missing path or method, an unknown method, `headers` that is not an object, `cookies`
 * that is not an array, a body that is not a string. (A header or cookie value that is not a string
 * is left out, not refused.)
 */
export function malformedEvent(event: HttpEventV2): string | undefined {
  const method = event.requestContext.http.method.toUpperCase();
  if (!METHODS.has(method)) return `the method "${method.slice(0, 20)}" is not served`;
  if (event.headers !== undefined && (typeof event.headers !== 'object' || event.headers === null)) {
    return 'headers is not an object';
  }
  if (event.cookies !== undefined && !Array.isArray(event.cookies)) return 'cookies is not an array';
  if (event.body !== undefined && event.body !== null && typeof event.body !== 'string') {
    return 'body is not a string';
  }
  return undefined;
}
