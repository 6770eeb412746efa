/** The global under which `withAuth` publishes the request-cookie store (shared by every copy). */
export const REQUEST_COOKIES_STORE_KEY = '__BLOCKS_REQUEST_COOKIES_STORE__';

interface CookieStore {
  getStore(): string | undefined;
}

/** The cookie string of the server-rendered request being handled, when there is one (R-1006). */
export function currentRequestCookies(): string | undefined {
  if (typeof (globalThis as { window?: unknown }).window !== 'undefined') return undefined;
  const store = (globalThis as Record<string, unknown>)[REQUEST_COOKIES_STORE_KEY] as CookieStore | undefined;
  const value = typeof store?.getStore === 'function' ? store.getStore() : undefined;
  return value && value.trim() !== '' ? value : undefined;
}

function cookieNames(header: string): Set<string> {
  const names = new Set<string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq === -1 ? part : part.slice(0, eq)).trim();
    if (name) names.add(name);
  }
  return names;
}

/**
 * Adds the request's cookies to `headers` (R-1006): a `Cookie` header set by middleware keeps its
 * cookies, only names it lacks are appended (`existing; new`); a lowercase `cookie` key becomes
 * `Cookie`. Returns the same object.
 */
export function mergeRequestCookies(
  headers: Record<string, string>,
  cookies: string,
): Record<string, string> {
  const existing = headers.Cookie ?? headers.cookie;
  delete headers.cookie;
  if (!existing) {
    headers.Cookie = cookies;
    return headers;
  }
  const taken = cookieNames(existing);
  const added = cookies
    .split(';')
    .map((part) => part.trim())
    .filter((part) => {
      if (!part) return false;
      const eq = part.indexOf('=');
      return !taken.has((eq === -1 ? part : part.slice(0, eq)).trim());
    });
  headers.Cookie = added.length > 0 ? `${existing}; ${added.join('; ')}` : existing;
  return headers;
}
