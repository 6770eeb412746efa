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
