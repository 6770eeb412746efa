/** Reads the cookie header of the request a server framework is handling; `undefined` when it has none. */
export type CookieProvider = () => string | undefined | Promise<string | undefined>;

interface NamedProvider {
  name: string;
  read: CookieProvider;
}

// Specifiers held in variables: the frameworks are optional, and neither TypeScript nor a bundler
// should try to resolve them for apps that use the other one.
const NEXT_HEADERS = 'next/headers';
const UNCTX = 'unctx';

/** Next.js App Router: `cookies()` from `next/headers` (sync before Next 15, async since). */
async function nextjsCookies(): Promise<string | undefined> {
  const mod = (await import(NEXT_HEADERS)) as {
    cookies():
      | { getAll(): { name: string; value: string }[] }
      | Promise<{ getAll(): { name: string; value: string }[] }>;
  };
  const jar = await mod.cookies();
  return jar
    .getAll()
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

/** Nuxt / Nitro: the request event in the `nitro-app` async context of `unctx`. */
async function nuxtCookies(): Promise<string | undefined> {
  const mod = (await import(UNCTX)) as {
    getContext(key: string): { tryUse(): { event?: NitroEvent } | undefined };
  };
  const event = mod.getContext('nitro-app').tryUse()?.event;
  const fromHeaders = event?.headers?.get?.('cookie');
  if (fromHeaders) return fromHeaders;
  const raw = event?.node?.req?.headers?.cookie;
  return Array.isArray(raw) ? raw.join('; ') : raw;
}

interface NitroEvent {
  headers?: { get?(name: string): string | null };
  node?: { req?: { headers?: Record<string, string | string[] | undefined> } };
}

const builtIns = (): NamedProvider[] => [
  { name: 'nextjs', read: nextjsCookies },
  { name: 'nuxt', read: nuxtCookies },
];

let providers: NamedProvider[] = builtIns();

/** Adds a cookie provider, or replaces the one of the same name (R-1007). */
export function registerCookieProvider(name: string, read: CookieProvider): void {
  if (typeof name !== 'string' || name.trim() === '')
    throw new TypeError('registerCookieProvider: name is required');
  if (typeof read !== 'function') throw new TypeError('registerCookieProvider: provider must be a function');
  const at = providers.findIndex((p) => p.name === name);
  if (at === -1) providers.push({ name, read });
  else providers[at] = { name, read };
}

/** Removes every cookie provider, the built-in ones included. */
export function clearCookieProviders(): void {
  providers = [];
}

/** Restores the built-in providers (`nextjs`, `nuxt`) and drops the others. */
export function resetCookieProviders(): void {
  providers = builtIns();
}

/** The first non-empty cookie string a provider gives, and the names of the providers tried. */
export async function readProviderCookies(): Promise<{ cookies?: string; tried: string[] }> {
  const tried: string[] = [];
  for (const provider of providers) {
    tried.push(provider.name);
    try {
      const cookies = await provider.read();
      if (cookies && cookies.trim() !== '') return { cookies, tried };
    } catch {
      // A framework that is not installed, or a call outside its request scope: try the next one.
    }
  }
  return { tried };
}
