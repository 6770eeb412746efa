/**
 * The entry of a comma-separated forwarding header (`X-Forwarded-For`, `-Proto`, `-Host`) that
 * `hops` trusted proxies vouch for (D-21): the `hops`-th entry from the right, since each proxy
 * appends what it saw and only the entries our own proxies appended can be believed; the leftmost
 * entries are whatever the client sent. With fewer entries than hops, the leftmost one is the
 * furthest any trusted proxy saw. `undefined` when `hops` is 0 or the header is absent or empty.
 */
export function forwardedEntry(value: string | undefined | null, hops: number): string | undefined {
  if (!value || hops < 1) return undefined;
  const entries = value.split(',');
  const index = Math.max(0, entries.length - hops);
  const entry = (entries[index] as string).trim();
  return entry.length > 0 ? entry : undefined;
}

/** The number of trusted proxy hops an option value stands for (`true` is one hop). */
export function trustedHops(trustProxy: boolean | number | undefined): number {
  if (trustProxy === true) return 1;
  return typeof trustProxy === 'number' ? trustProxy : 0;
}

/**
 * The trusted `X-Forwarded-Host` entry (D-21 amended): read only when the operator says the proxies
 * set it (`BLOCKS_TRUST_FORWARDED_HOST=1`) and proxies are trusted at all, since most proxies pass a
 * client's value through untouched.
 */
export function forwardedHost(
  value: string | undefined | null,
  hops: number,
  trustForwardedHost: boolean,
): string | undefined {
  return trustForwardedHost ? forwardedEntry(value, hops) : undefined;
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

/** Whether `text` is an IPv6 address (checked by the URL parser, so no runtime module is needed). */
function isIPv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return false;
  try {
    new URL(`http://[${text}]/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The address alone of a client address as proxies write it (D-21): `a.b.c.d:port` →
 * `a.b.c.d`, `[v6]:port` and `[v6]` → `v6`. Anything else is returned trimmed, unchanged.
 */
export function addressOnly(entry: string): string {
  const text = entry.trim();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    const inside = close === -1 ? '' : text.slice(1, close);
    const rest = close === -1 ? '' : text.slice(close + 1);
    if (isIPv6(inside) && (rest === '' || /^:\d{1,5}$/.test(rest))) return inside;
    return text;
  }
  const port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  if (port?.[1] && isIPv4(port[1])) return port[1];
  return text;
}

/** The client address `hops` trusted proxies vouch for in `X-Forwarded-For`, as an address alone. */
export function forwardedClient(value: string | undefined | null, hops: number): string | undefined {
  const entry = forwardedEntry(value, hops);
  return entry === undefined ? undefined : addressOnly(entry);
}
