import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { validateKey } from '@blockyard/kv-store/engine';
import { CliError, CliErrors } from '../cli/errors.js';

/** One item of a reference KVStore: its serialised value (JSON text) and expiry in epoch seconds. */
export interface ReferenceItem {
  key: string;
  value: string;
  ttl?: number;
}

/** A reference KVStore: its fullId, where it came from (for messages), and its items. */
export interface ReferenceStore {
  fullId: string;
  origin: string;
  items: ReferenceItem[];
}

/** A reference app's data: its KVStores and AppSettings (fullId → value). */
export interface ReferenceData {
  stores: ReferenceStore[];
  settings: Map<string, unknown>;
  settingsOrigin: string | undefined;
}

function invalid(origin: string, what: string): CliError {
  return new CliError(CliErrors.DataInvalid, `${origin}: ${what}. Nothing was written.`);
}

/**
 * Checks one reference item as store it: a serialised value (JSON text, R-802), or
 * `{value, ttl}` with `ttl` in epoch seconds.
 */
export function referenceItem(origin: string, key: string, stored: unknown, ttl?: unknown): ReferenceItem {
  let value = stored;
  let expiry = ttl;
  if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
    const entry = stored as { value?: unknown; ttl?: unknown };
    value = entry.value;
    expiry = entry.ttl;
  }
  try {
    validateKey(key);
  } catch {
    throw invalid(
      origin,
      `item ${JSON.stringify(key.slice(0, 64))} has a key this engine cannot store (1 to 1024 UTF-8 bytes, no NUL)`,
    );
  }
  if (typeof value !== 'string') throw invalid(origin, `item "${key}" has no serialised value`);
  try {
    JSON.parse(value);
  } catch {
    throw invalid(origin, `item "${key}" holds a value that is not JSON text`);
  }
  if (expiry === undefined || expiry === null) return { key, value };
  if (typeof expiry !== 'number' || !Number.isFinite(expiry) || expiry <= 0) {
    throw invalid(origin, `item "${key}" has an invalid ttl`);
  }
  return { key, value, ttl: expiry };
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw invalid(file, `cannot be read (${(error as { code?: string }).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid(file, `not valid JSON (${(error as Error).message}; truncated?)`);
  }
}

/**
 * Reads a reference app's local data folder (`.bb-data/`, R-804/R-807): every `<fullId>/store.json`
 * and `settings.json`. Everything is checked; the first malformed file or item stops the read with an
 * error naming it.
 */
export async function readReferenceFolder(folder: string): Promise<ReferenceData> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(CliErrors.DataInvalid, `${folder}: not a folder.`);
  const stores: ReferenceStore[] = [];
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) continue;
    const file = join(folder, entry.name, 'store.json');
    if (!(await stat(file).catch(() => undefined))?.isFile()) continue;
    const data = await readJson(file);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw invalid(file, 'not an object of items');
    }
    const items = Object.entries(data).map(([key, stored]) => referenceItem(file, key, stored));
    stores.push({ fullId: entry.name, origin: file, items });
  }
  const settingsFile = join(folder, 'settings.json');
  const settings = new Map<string, unknown>();
  let settingsOrigin: string | undefined;
  if ((await stat(settingsFile).catch(() => undefined))?.isFile()) {
    settingsOrigin = settingsFile;
    const data = await readJson(settingsFile);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw invalid(settingsFile, 'not an object of settings');
    }
    for (const [id, value] of Object.entries(data)) settings.set(id, value);
  }
  if (stores.length === 0 && !settingsOrigin) {
    throw new CliError(
      CliErrors.DataInvalid,
      `${folder}: holds no <id>/store.json and no settings.json (is it a reference app's .bb-data folder?).`,
    );
  }
  return { stores, settings, settingsOrigin };
}
