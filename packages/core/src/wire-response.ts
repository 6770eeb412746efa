/**
 * The handler's internal answer: status, headers as a flat `[name, value, name, value, …]` list
 * (lower-case names; `set-cookie` may repeat) and body. The Node adapter writes it directly, `fetch`
 * turns it into a Web `Response`.
 */
export interface WireResponse {
  readonly status: number;
  readonly headers: readonly string[];
  readonly body: string | Uint8Array | null;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** True for statuses whose responses carry no body. */
export function isNullBodyStatus(status: number): boolean {
  return NULL_BODY_STATUSES.has(status);
}

/** True for a status a response may use (200–599). */
export function isValidStatus(status: unknown): status is number {
  return typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 599;
}

/** Appends the entries of `headers` to `out`, every Set-Cookie value as its own entry, skipping `skip`. */
export function appendHeaders(out: string[], headers: Headers, skip?: string): void {
  headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== skip) out.push(name, value);
  });
  for (const cookie of headers.getSetCookie()) out.push('set-cookie', cookie);
}

/** Turns a {@link WireResponse} into a Web `Response`. */
export function toWebResponse(wire: WireResponse): Response {
  const headers = new Headers();
  const list = wire.headers;
  for (let i = 0; i < list.length; i += 2) headers.append(list[i] as string, list[i + 1] as string);
  const body = isNullBodyStatus(wire.status) ? null : wire.body;
  return new Response(body as BodyInit | null, { status: wire.status, headers });
}
