import { networkInterfaces } from 'node:os';

/** The address the Android emulator gives its host machine's loopback. */
export const ANDROID_EMULATOR_HOST = '10.0.2.2';

/** True for a bind address that listens on every interface (`0.0.0.0`, `::`). */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** This machine's non-loopback addresses (IPv4 first), as `Host` header names (`[v6]` bracketed). */
export function lanAddresses(): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      if (entry.family === 'IPv4') v4.push(entry.address);
      // Link-local IPv6 addresses need a zone id, which a URL cannot carry portably.
      else if (!entry.address.toLowerCase().startsWith('fe80:')) v6.push(`[${entry.address}]`);
    }
  }
  return [...new Set([...v4, ...v6])];
}

/** One URL to print, with whom it is for. */
export interface ReachableUrl {
  label: string;
  url: string;
}

/**
 * The sandbox's Host allowlist additions (D-20) and the URLs that go with them: every
 * `--allow-host` entry, and, when bound to every interface, this machine's LAN addresses and the
 * Android emulator's `10.0.2.2`. Address literals cannot be rebound to another server, so allowing
 * them keeps the DNS-rebinding defence; names still have to be listed with `--allow-host`.
 */
export function reachableHosts(
  bindHost: string,
  port: number,
  allowHosts: readonly string[] = [],
  lan: () => string[] = lanAddresses,
): { hosts: string[]; urls: ReachableUrl[] } {
  const urls: ReachableUrl[] = [];
  const hosts: string[] = [];
  const add = (label: string, host: string) => {
    if (hosts.includes(host)) return;
    hosts.push(host);
    const withPort = /:\d+$/.test(host) && !host.endsWith(']') ? host : `${host}:${port}`;
    urls.push({ label, url: `http://${withPort}/aws-blocks/api` });
  };
  for (const host of allowHosts) {
    const emulator = host === ANDROID_EMULATOR_HOST || host.startsWith(`${ANDROID_EMULATOR_HOST}:`);
    add(emulator ? 'Android emulator' : 'Allowed host', host);
  }
  if (isWildcardHost(bindHost)) {
    add('Android emulator', ANDROID_EMULATOR_HOST);
    for (const address of lan()) add('LAN (phones, other machines)', address);
  }
  return { hosts, urls };
}
