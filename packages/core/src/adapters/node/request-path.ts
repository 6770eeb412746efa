// Characters a WHATWG URL parser leaves unchanged in a path. A request target made only of these,
// without `.` segments, is already what `URL#pathname` would report.
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;

/** Splits a request target into path and search (`?…`), without building a URL. */
export function splitTarget(target: string): { path: string; search: string } {
  const query = target.indexOf('?');
  return query === -1
    ? { path: target, search: '' }
    : { path: target.slice(0, query), search: target.slice(query) };
}

/** The pathname a WHATWG URL parser would report for a request target (`/a/../b` → `/b`). */
export function targetPathname(target: string): string {
  const { path } = splitTarget(target);
  if (PLAIN_PATH.test(path) && !path.includes('/.')) return path;
  try {
    return new URL(target.startsWith('/') ? `http://localhost${target}` : target, 'http://localhost')
      .pathname;
  } catch {
    return path;
  }
}
