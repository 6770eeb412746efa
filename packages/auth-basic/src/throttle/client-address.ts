import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client address is throttled under: an IPv4 address as is (also when IPv4-mapped), an
 * IPv6 address by its /64 network — one host usually holds a whole /64, so counting single IPv6
 * addresses would not bound anything — and anything else (a proxy's odd `X-Forwarded-For` entry) by
 * digest. `null` when the address is unknown.
 */
export function addressKey(address: string | undefined): string | null {
  if (!address) return null;
  const trimmed = address.trim();
  if (trimmed.length === 0) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(trimmed)) return trimmed;
  const bare = trimmed.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv6(bare)) return `${expandIPv6(bare).slice(0, 4).join(':')}::/64`;
  return `h-${createHash('sha256').update(trimmed).digest('base64url').slice(0, 22)}`;
}

function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a, b, c, d] = v4[1].split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((group) => group.padStart(4, '0'));
}
