import { ApiError } from './api-error.js';
import { ClientErrors } from './errors.js';
import { readNodeFile } from './node-only.js';

/** Where an API URL came from, as printed in `[Blocks] Using API (<source>): <url>`. */
export type ApiUrlSource =
  | 'configured'
  | 'env BLOCKS_API_URL'
  | 'env BLOCKS_CONFIG'
  | 'config.json file'
  | 'amplify_outputs.json file'
  | 'config.json fetch';

/** The runtime config file the sandbox serves and writes. */
export const SANDBOX_CONFIG_PATH = '/.blocks-sandbox/config.json';

/** The port `blockyard sandbox` (an Amplify app's `npm run blocks:dev`) listens on unless told otherwise. */
const LOCAL_SANDBOX_PORT = 3001;
/** How long a page on a loopback host waits for the local sandbox's config route. */
const LOCAL_SANDBOX_PROBE_MS = 1500;

let cached: string | undefined;
/** The URL of {@link configureApiUrl}; `deployed` when it came from Amplify outputs (a running local sandbox overrides it). */
let configured: { url: string; deployed: boolean } | undefined;

/** True when `candidate` can be used as an API URL (R-1004); relative paths starting with `/` are. */
export function isValidApiUrl(candidate: unknown): candidate is string {
  if (typeof candidate !== 'string') return false;
  const url = candidate.trim();
  if (url === '' || url.startsWith('undefined')) return false;
  if (url.startsWith('/')) return !url.startsWith('/undefined') && !url.startsWith('//');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return parsed.hostname !== 'undefined' && !parsed.pathname.startsWith('/undefined');
}

function env(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.[name];
}

function apiUrlOf(json: string): unknown {
  try {
    return (JSON.parse(json) as { apiUrl?: unknown } | null)?.apiUrl;
  } catch {
    return undefined;
  }
}

function amplifyUrlOf(json: string): unknown {
  try {
    const outputs = JSON.parse(json) as { custom?: { blocks_api_url?: unknown } } | null;
    return outputs?.custom?.blocks_api_url;
  } catch {
    return undefined;
  }
}

/**
 * A page served by the sandbox on `127.0.0.1` gets a config naming `localhost` (or the other way
 * round): the same server, but another site for cookies. Calling the page's own origin keeps the
 * session cookie first-party.
 */
interface PageLocation {
  origin?: string;
  protocol?: string;
  hostname?: string;
  port?: string;
}

function pageLocation(): PageLocation | undefined {
  return (globalThis as { location?: PageLocation }).location;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

function alignLoopbackHost(url: string): string {
  const page = pageLocation();
  if (!page?.hostname || url.startsWith('/')) return url;
  const parsed = new URL(url);
  if (isLoopback(parsed.hostname) && isLoopback(page.hostname) && parsed.port === page.port) {
    return `${page.origin}${parsed.pathname}${parsed.search}`;
  }
  return url;
}

async function fetchText(path: string): Promise<string | undefined> {
  if (typeof fetch !== 'function' || typeof (globalThis as { window?: unknown }).window === 'undefined') {
    return undefined;
  }
  try {
    const response = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The API URL of a local sandbox that is running now, for a page or process that would otherwise
 * call the deployed API of its Amplify outputs: in Node, the `.blocks-sandbox/config.json` the
 * sandbox writes under the working directory (and removes when it stops); in a page served from a
 * loopback host (a frontend dev server), the config route of the sandbox on `port` of the same host,
 * when it answers `environment: "sandbox"`. A deployed page (never on a loopback host) asks nothing.
 */
export async function localSandboxUrl(port = LOCAL_SANDBOX_PORT): Promise<LocalSandbox | undefined> {
  const file = await readNodeFile('.blocks-sandbox/config.json');
  const fromFile = file === undefined ? undefined : apiUrlOf(file);
  if (isValidApiUrl(fromFile)) return { url: fromFile, source: 'config.json file' };
  const page = pageLocation();
  if (typeof fetch !== 'function' || !page?.hostname || !isLoopback(page.hostname)) return undefined;
  try {
    const response = await fetch(
      `${page.protocol ?? 'http:'}//${page.hostname}:${port}${SANDBOX_CONFIG_PATH}`,
      {
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(LOCAL_SANDBOX_PROBE_MS),
      },
    );
    if (!response.ok) return undefined;
    const config = JSON.parse(await response.text()) as { apiUrl?: unknown; environment?: unknown } | null;
    if (config?.environment !== 'sandbox' || !isValidApiUrl(config.apiUrl) || config.apiUrl.startsWith('/')) {
      return undefined;
    }
    // Same host as the page (localhost or 127.0.0.1), so the session cookie stays same-site.
    const url = new URL(config.apiUrl);
    if (isLoopback(url.hostname)) url.hostname = page.hostname;
    return { url: url.href, source: 'config.json fetch' };
  } catch {
    return undefined;
  }
}

/** A running local sandbox's API URL and where it was found. */
export interface LocalSandbox {
  url: string;
  source: ApiUrlSource;
}

function use(url: string, source: ApiUrlSource): string {
  cached = url.trim();
  if (source !== 'configured') console.info(`[Blocks] Using API (${source}): ${cached}`);
  return cached;
}

/**
 * Finds the API URL (R-1004), first success wins and is kept for the page or process; failures are
 * not kept, so a later call tries again. Order: {@link configureApiUrl} (given Amplify outputs, a
 * running local sandbox wins over their URL: {@link localSandboxUrl}), env `BLOCKS_API_URL`
 * (invalid → throws), env `BLOCKS_CONFIG` (`.apiUrl`), then in Node `.blocks-sandbox/config.json`
 * and `amplify_outputs.json` (`custom.blocks_api_url`) under the working directory, then in a
 * browser `GET /.blocks-sandbox/config.json`.
 */
export async function resolveApiUrl(): Promise<string> {
  if (cached !== undefined) return cached;
  if (configured !== undefined) {
    const local = configured.deployed ? await localSandboxUrl() : undefined;
    if (local) return use(local.url, local.source);
    return use(configured.url, 'configured');
  }

  const fromEnv = env('BLOCKS_API_URL');
  if (fromEnv !== undefined) {
    if (fromEnv.includes('${Token[')) {
      throw new ApiError(
        'Blocks API URL contains unresolved CDK tokens (source: env BLOCKS_API_URL). The URL was read while ' +
          'building; render the page at request time instead (in Next.js: add ' +
          "export const dynamic = 'force-dynamic').",
        500,
        { name: ClientErrors.ApiUrlNotConfigured },
      );
    }
    if (!isValidApiUrl(fromEnv)) {
      throw new ApiError(
        `Blocks API URL is not configured (source: env BLOCKS_API_URL): "${fromEnv}" is not a URL.`,
        500,
        { name: ClientErrors.ApiUrlNotConfigured },
      );
    }
    return use(fromEnv, 'env BLOCKS_API_URL');
  }
  const config = env('BLOCKS_CONFIG');
  const fromConfig = config === undefined ? undefined : apiUrlOf(config);
  if (isValidApiUrl(fromConfig)) return use(fromConfig, 'env BLOCKS_CONFIG');

  const sandboxFile = await readNodeFile('.blocks-sandbox/config.json');
  const fromFile = sandboxFile === undefined ? undefined : apiUrlOf(sandboxFile);
  if (isValidApiUrl(fromFile)) return use(fromFile, 'config.json file');
  const amplifyFile = await readNodeFile('amplify_outputs.json');
  const fromAmplify = amplifyFile === undefined ? undefined : amplifyUrlOf(amplifyFile);
  if (isValidApiUrl(fromAmplify)) return use(fromAmplify, 'amplify_outputs.json file');

  const fetched = await fetchText(SANDBOX_CONFIG_PATH);
  const fromFetch = fetched === undefined ? undefined : apiUrlOf(fetched);
  if (isValidApiUrl(fromFetch)) return use(alignLoopbackHost(fromFetch), 'config.json fetch');

  throw new ApiError(
    'Blocks API URL not configured. Set BLOCKS_API_URL, run `blockyard sandbox` (it serves and writes ' +
      '.blocks-sandbox/config.json), or call configureApiUrl(url).',
    500,
    { name: ClientErrors.ApiUrlNotConfigured },
  );
}

/**
 * Sets the API URL for every namespace without an explicit `url`: a URL string, or the parsed
 * `amplify_outputs.json` of an Amplify Gen 2 app (its `custom.blocks_api_url`, the deployed API,
 * which a local sandbox running while developing overrides: {@link localSandboxUrl}). Throws on an
 * invalid URL.
 */
export function configureApiUrl(urlOrOutputs: string | { custom?: { blocks_api_url?: unknown } }): void {
  const url = typeof urlOrOutputs === 'string' ? urlOrOutputs : urlOrOutputs?.custom?.blocks_api_url;
  if (!isValidApiUrl(url)) {
    throw new ApiError('configureApiUrl: expected an http(s) URL or a path starting with "/".', 400, {
      name: ClientErrors.ApiUrlNotConfigured,
    });
  }
  configured = { url: url.trim(), deployed: typeof urlOrOutputs !== 'string' };
  cached = undefined;
}

/** Forgets the resolved and configured URL (tests, or after the configuration changed). */
export function resetApiUrl(): void {
  cached = undefined;
  configured = undefined;
}
