import { createHash } from 'node:crypto';
import { canonicalUsername, type UserRecord } from '@blockyard/auth-basic/internal';
import type { KvRow } from '@blockyard/kv-store';
import { compareUtf8, SETTINGS_TABLE, storeTableName } from '@blockyard/kv-store/engine';
import { CliError, CliErrors } from '../cli/errors.js';
import type { ReferenceData, ReferenceItem, ReferenceStore } from './reference-data.js';
import type { Page } from './rows.js';
import type { TransferSource } from './transfer.js';

/** What to do with reference usernames that collide once canonicalised (D-12). */
export type CollisionPolicy = 'stop' | 'keep-first' | 'skip';

/** Options of {@link planImport}. */
export interface ImportOptions {
  onCollision: CollisionPolicy;
  /** Keep usernames verbatim (the app uses `usernameCaseSensitive: true`). */
  caseSensitive: boolean;
}

/** The rows to write, and what the import says about them. */
export interface ImportPlan {
  tables: Map<string, KvRow[]>;
  /** Lines for the output: what was found, mapped, skipped. */
  notes: string[];
}

// A bcrypt modular-crypt hash as bcryptjs writes it (R-613): $2a$ or $2b$ (also $2y$), cost 04..31.
const BCRYPT = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;
const EPOCH_ZERO = '1970-01-01T00:00:00.000Z';

function invalid(origin: string, what: string): CliError {
  return new CliError(CliErrors.DataInvalid, `${origin}: ${what}. Nothing was written.`);
}

/**
 * The AuthBasic blocks of the data: prefixes `P` with a store `P-users` and either a store `P-codes`
 * or a setting `P-jwt-secret` (R-602).
 */
function authPrefixes(data: ReferenceData): Set<string> {
  const ids = new Set(data.stores.map((store) => store.fullId));
  const prefixes = new Set<string>();
  for (const id of ids) {
    if (!id.endsWith('-users')) continue;
    const prefix = id.slice(0, -'-users'.length);
    if (ids.has(`${prefix}-codes`) || data.settings.has(`${prefix}-jwt-secret`)) prefixes.add(prefix);
  }
  return prefixes;
}

/** A reference user record (R-611, or a legacy bare hash, R-612), checked. */
function userRecord(origin: string, item: ReferenceItem): UserRecord {
  const stored = JSON.parse(item.value) as unknown;
  if (typeof stored !== 'string') throw invalid(origin, `user "${item.key}" is not a user record`);
  let record: UserRecord;
  if (!stored.startsWith('{')) {
    record = { hash: stored, createdAt: EPOCH_ZERO };
  } else {
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(stored) as Record<string, unknown>;
    } catch {
      throw invalid(origin, `user "${item.key}" holds a record that is not JSON`);
    }
    if (typeof fields.hash !== 'string') throw invalid(origin, `user "${item.key}" has no password hash`);
    const createdAt = fields.createdAt ?? EPOCH_ZERO;
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
      throw invalid(origin, `user "${item.key}" has an invalid createdAt`);
    }
    record = { hash: fields.hash, createdAt };
    if (fields.unconfirmed === true) record.unconfirmed = true;
  }
  if (!BCRYPT.test(record.hash)) throw invalid(origin, `user "${item.key}" has a malformed bcrypt hash`);
  return record;
}

/** Converts one AuthBasic `users` store, canonicalising usernames and applying the collision policy. */
function importUsers(store: ReferenceStore, options: ImportOptions, notes: string[]): KvRow[] {
  const groups = new Map<string, { name: string; record: UserRecord; expiresAt: number | null }[]>();
  const refused: string[] = [];
  for (const item of store.items) {
    const record = userRecord(store.origin, item);
    let canonical: string;
    try {
      canonical = canonicalUsername(item.key, options.caseSensitive);
    } catch {
      refused.push(item.key);
      continue;
    }
    const group = groups.get(canonical) ?? [];
    group.push({ name: item.key, record, expiresAt: item.ttl === undefined ? null : item.ttl * 1000 });
    groups.set(canonical, group);
  }
  const collisions = [...groups].filter(([, group]) => group.length > 1);
  if ((collisions.length > 0 || refused.length > 0) && options.onCollision === 'stop') {
    const lines = [
      ...collisions.map(
        ([canonical, group]) =>
          `  "${canonical}": ${group.map((user) => JSON.stringify(user.name)).join(', ')}`,
      ),
      ...refused.map((name) => `  ${JSON.stringify(name)}: not a valid username (D-12)`),
    ];
    throw new CliError(
      CliErrors.UsernameCollision,
      `${store.origin}: ${collisions.length} usernames collide once canonicalised (D-12: NFKC, trimmed, lower-cased)` +
        `${refused.length > 0 ? ` and ${refused.length} are not valid usernames` : ''}:\n${lines.join('\n')}\n` +
        'Nothing was written. Pass --on-collision keep-first (keep the earliest account of each) or --on-collision skip (import none of them).',
    );
  }
  const rows: KvRow[] = [];
  for (const [canonical, group] of groups) {
    if (group.length > 1) {
      if (options.onCollision === 'skip') {
        notes.push(`  skipped colliding users ${group.map((user) => JSON.stringify(user.name)).join(', ')}`);
        continue;
      }
      // The account created first keeps the name; ties go to the order of the file.
      group.sort((a, b) => Date.parse(a.record.createdAt) - Date.parse(b.record.createdAt));
      notes.push(
        `  "${canonical}": kept ${JSON.stringify(group[0]?.name)}, skipped ${group
          .slice(1)
          .map((user) => JSON.stringify(user.name))
          .join(', ')}`,
      );
    }
    const chosen = group[0] as (typeof group)[number];
    rows.push({ key: canonical, value: JSON.stringify(chosen.record), expiresAt: chosen.expiresAt });
  }
  for (const name of refused) notes.push(`  skipped ${JSON.stringify(name)}: not a valid username (D-12)`);
  return rows;
}

/**
 * Turns a reference app's data into the rows this engine holds: each KVStore into its table
 * (`storeTableName(fullId)`, items with their expiry), AuthBasic users into user records under their
 * canonical names (bcrypt hashes kept: D-10 re-hashes them at the next sign-in), and every AppSetting
 * into the settings table, except AuthBasic's `jwt-secret` (sessions start fresh) and its codes
 * (keyed by that secret, and short-lived). Throws before anything is written.
 */
export function planImport(data: ReferenceData, options: ImportOptions): ImportPlan {
  const auth = authPrefixes(data);
  const tables = new Map<string, KvRow[]>();
  const notes: string[] = [];
  const add = (table: string, rows: KvRow[]) => {
    const existing = tables.get(table) ?? [];
    tables.set(table, [...existing, ...rows]);
  };
  for (const store of data.stores) {
    const owner = [...auth].find((prefix) => store.fullId.startsWith(`${prefix}-`));
    if (owner && store.fullId === `${owner}-codes`) {
      notes.push(
        `${store.origin}: ${store.items.length} pending codes not imported (they were keyed by the old jwt-secret; users ask for a new code)`,
      );
      continue;
    }
    if (owner && store.fullId === `${owner}-users`) {
      const rows = importUsers(store, options, notes);
      const unconfirmed = rows.filter((row) => (JSON.parse(row.value) as UserRecord).unconfirmed).length;
      notes.push(
        `${store.origin}: ${rows.length} AuthBasic users (${unconfirmed} unconfirmed) → ${storeTableName(store.fullId)}; bcrypt hashes become argon2id at each user's next sign-in`,
      );
      add(storeTableName(store.fullId), rows);
      continue;
    }
    add(
      storeTableName(store.fullId),
      store.items.map((item) => ({
        key: item.key,
        value: item.value,
        expiresAt: item.ttl === undefined ? null : item.ttl * 1000,
      })),
    );
    notes.push(`${store.origin}: ${store.items.length} items → ${storeTableName(store.fullId)}`);
  }
  const settings: KvRow[] = [];
  for (const [id, value] of data.settings) {
    if ([...auth].some((prefix) => id === `${prefix}-jwt-secret`)) {
      notes.push(
        `${data.settingsOrigin}: ${id} not imported: sessions start fresh (users sign in again once)`,
      );
      continue;
    }
    if (value === undefined) continue;
    settings.push({ key: `/${id}`, value: JSON.stringify(value), expiresAt: null });
  }
  if (settings.length > 0) {
    add(SETTINGS_TABLE, settings);
    notes.push(
      `${data.settingsOrigin}: ${settings.length} AppSettings → ${SETTINGS_TABLE} (values not shown)`,
    );
  }
  for (const [table, rows] of tables) {
    rows.sort((a, b) => compareUtf8(a.key, b.key));
    for (let i = 1; i < rows.length; i++) {
      if (rows[i]?.key === rows[i - 1]?.key) throw invalid(table, `key "${rows[i]?.key}" appears twice`);
    }
  }
  return { tables, notes };
}

/** A transfer source over a plan's rows; its id is a digest of them, so the same import resumes. */
export function planSource(plan: ImportPlan): TransferSource {
  const tables = [...plan.tables.keys()].sort(compareUtf8);
  const hash = createHash('sha256');
  for (const table of tables) {
    for (const row of plan.tables.get(table) ?? [])
      hash.update(`${JSON.stringify([table, row.key, row.value, row.expiresAt])}\n`);
  }
  return {
    id: `import:${hash.digest('hex')}`,
    read: (resume, consume) => {
      async function* pages(): AsyncIterable<Page> {
        for (const table of tables) {
          if (resume && compareUtf8(table, resume.table) < 0) continue;
          let rows = plan.tables.get(table) ?? [];
          if (resume && table === resume.table)
            rows = rows.filter((row) => compareUtf8(row.key, resume.after) > 0);
          for (let i = 0; i < rows.length; i += 500) yield { table, rows: rows.slice(i, i + 500) };
        }
      }
      return consume(tables, pages());
    },
  };
}
