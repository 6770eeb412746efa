/**
 * The value of the cookie called exactly `name` in a `Cookie` request header, or `null` (D-07). The
 * header is split into `name=value` pairs; a cookie whose name merely ends or starts with `name`
 * (`oauth_x`, `auth_x_other`) never matches. The first pair with the name wins, as browsers send the
 * most specific cookie first.
 */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  // Walks the pairs in place: every protected call reads its cookie, and splitting the header into an
  // array of pairs first costs an allocation per cookie the browser sends.
  let start = 0;
  while (start <= header.length) {
    let end = header.indexOf(';', start);
    if (end < 0) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq >= 0 && eq < end && header.slice(start, eq).trim() === name) {
      let value = header.slice(eq + 1, end).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      return value.length > 0 ? value : null;
    }
    start = end + 1;
  }
  return null;
}

/**
 * Appends `cookie` as a `Set-Cookie` header, first dropping any `Set-Cookie` already on the response for
 * the same cookie name, so that the last decision about a cookie within one request is the one sent.
 */
export function replaceSetCookie(headers: Headers, cookie: string): void {
  const name = cookie.slice(0, cookie.indexOf('='));
  const existing = headers.getSetCookie();
  const others = existing.filter((line) => line.slice(0, line.indexOf('=')) !== name);
  if (others.length !== existing.length) {
    headers.delete('Set-Cookie');
    for (const line of others) headers.append('Set-Cookie', line);
  }
  headers.append('Set-Cookie', cookie);
}
