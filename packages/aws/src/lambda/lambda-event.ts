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
    typeof e.requestContext?.http?.method === 'string'
  );
}
