import { createHash } from 'node:crypto';

/** PostgreSQL's identifier limit (NAMEDATALEN - 1); SQLite uses the same names for consistency. */
export const MAX_IDENTIFIER_BYTES = 63;

/** The reserved table AppSetting keeps its values in (never produced by {@link storeTableName}). */
export const SETTINGS_TABLE = 'bb_settings';

const STORE_PREFIX = 'kv_';
const CLEAN = /^[a-z0-9_-]+$/;
const HASH_CHARS = 10;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}

/**
 * The table a KVStore with this `fullId` uses: `kv_<fullId>` when the id is lower-case letters, digits,
 * `-` and `_` and fits; otherwise a sanitised, truncated prefix plus `#` and a hash of the whole id.
 * `#` never occurs in the clean form, so two different ids never share a table, also on SQLite,
 * whose table names ignore case.
 */
export function storeTableName(fullId: string): string {
  const direct = STORE_PREFIX + fullId;
  if (CLEAN.test(fullId) && Buffer.byteLength(direct) <= MAX_IDENTIFIER_BYTES) return direct;
  const room = MAX_IDENTIFIER_BYTES - STORE_PREFIX.length - 1 - HASH_CHARS;
  const readable = fullId
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .slice(0, room);
  return `${STORE_PREFIX}${readable}#${shortHash(fullId, HASH_CHARS)}`;
}

/** Name of the expiry index of `table`, unique in the schema and within the identifier limit. */
export function expiryIndexName(table: string): string {
  const name = `${table}#exp`;
  return Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES ? name : `ix#${shortHash(table, 20)}`;
}

/** Whether an engine accepts `name` as a table name. */
export function isValidTableName(name: string): boolean {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    !name.includes('\0') &&
    !LONE_SURROGATE.test(name) &&
    Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES
  );
}

/** Quotes an identifier for SQLite and PostgreSQL (double quotes, inner quotes doubled). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
