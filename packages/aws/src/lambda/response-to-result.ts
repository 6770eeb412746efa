import type { HttpResultV2 } from './lambda-event.js';

const TEXTUAL = /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

/**
 * Turns a Web `Response` into the 2.0 result: every `Set-Cookie` kept apart in `cookies` (a header map
 * can hold only one), other repeated headers joined with commas, a textual body as UTF-8 and any
 * other body as base64.
 */
export async function responseToResult(response: Response): Promise<HttpResultV2> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  const bytes = Buffer.from(await response.arrayBuffer());
  const contentType = response.headers.get('content-type') ?? '';
  const textual = bytes.length === 0 || TEXTUAL.test(contentType);
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    body: textual ? bytes.toString('utf8') : bytes.toString('base64'),
    isBase64Encoded: !textual,
  };
}
