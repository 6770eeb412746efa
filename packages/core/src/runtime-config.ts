import { processSlot } from './process-slot.js';

/**
 * Loads the config document of a deployment: a flat JSON object of string values (resource names,
 * URLs) that a runtime provides instead of one environment variable each.
 */
export type ConfigDocumentLoader = () => Promise<Record<string, string>>;

interface ConfigState {
  /** Bumped by every reset, so a load that was in flight then does not store a stale document. */
  generation: number;
  document: Record<string, string> | null;
  loading: Promise<Record<string, string>> | null;
  loader: ConfigDocumentLoader | null;
}

const state = (): ConfigState =>
  processSlot<ConfigState>('blockyard:runtime-config', () => ({
    generation: 0,
    document: null,
    loading: null,
    loader: null,
  }));

function checkDocument(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('The config document must be a JSON object');
  }
  return value as Record<string, string>;
}

// One load in flight at a time; a failed load is not cached, so the next call tries again.
function loadDocument(): Promise<Record<string, string>> {
  const s = state();
  if (s.document) return Promise.resolve(s.document);
  if (!s.loading) {
    const { loader, generation } = s;
    const loading: Promise<Record<string, string>> = (
      loader ? loader().then(checkDocument) : Promise.resolve({})
    )
      .then((document) => {
        if (s.generation === generation) s.document = document;
        return document;
      })
      .finally(() => {
        if (s.loading === loading) s.loading = null;
      });
    s.loading = loading;
  }
  return s.loading;
}

function fromEnv(key: string): string | undefined {
  return Object.hasOwn(process.env, key) ? process.env[key] : undefined;
}

function lookup(document: Record<string, string>, key: string): string {
  return Object.hasOwn(document, key) ? String(document[key]) : '';
}

/**
 * A configuration value: the environment variable `key` when it is set, else the entry of the config
 * document (loaded once per process), else `''`. Locally there is no config document, so an unset
 * key reads as `''`.
 */
export async function getConfig(key: string): Promise<string> {
  const set = fromEnv(key);
  if (set !== undefined) return set;
  return lookup(await loadDocument(), key);
}

/**
 * {@link getConfig} without waiting: the environment, else the config document if it is already
 * loaded (see {@link preloadConfig}), else `''`.
 */
export function getConfigSync(key: string): string {
  const set = fromEnv(key);
  if (set !== undefined) return set;
  const { document } = state();
  return document ? lookup(document, key) : '';
}

/** Loads the config document now (a no-op when it is loaded or when there is none). */
export async function preloadConfig(): Promise<void> {
  await loadDocument();
}

/**
 * Loads the config document and copies its entries into `process.env`, never overwriting a variable
 * that is already set, so code that reads the environment sees them.
 */
export async function loadConfigToProcessEnv(): Promise<void> {
  const document = await loadDocument();
  for (const key of Object.keys(document)) {
    if (process.env[key] === undefined) process.env[key] = lookup(document, key);
  }
}

/**
 * Forgets the loaded config document, so the next read loads it again. Test-only.
 */
export function _resetConfigCache(): void {
  const s = state();
  s.generation += 1;
  s.document = null;
  s.loading = null;
}

/**
 * Installs where the config document comes from (a deployment's runtime adapter calls this before the
 * backend loads); `null` removes it. The document loaded before is forgotten.
 */
export function useConfigDocument(loader: ConfigDocumentLoader | null): void {
  const s = state();
  s.generation += 1;
  s.loader = loader;
  s.document = null;
  s.loading = null;
}

/**
 * A Blocks identifier (a `fullId`) as a segment of a config key: upper case, every character that is
 * not a letter or digit replaced by `_`, so that the key is also a valid environment variable name.
 * Whoever writes a config key and whoever reads it build it with this one function.
 */
export function sanitizeConfigKey(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
