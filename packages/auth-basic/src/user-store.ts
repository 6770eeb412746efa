import type { KVStore } from '@blockyard/kv-store';
import { isConditionFailure } from './kv-conditions.js';

/** A user as AuthBasic stores it in the `users` store, keyed by canonical username. */
export interface UserRecord {
  /** argon2id hash (or a legacy bcrypt hash until the next sign-in). */
  hash: string;
  /** ISO-8601 time of sign-up. */
  createdAt: string;
  /** Present while the account awaits its sign-up code. */
  unconfirmed?: true;
  /** Present while an administrator has disabled the account. */
  disabled?: true;
  /** Bumped to end every session at once (see `SessionRecord.epoch`); absent means 0. */
  sessionEpoch?: number;
}

/** A user record as read, plus the raw stored value (for compare-and-set writes). */
export interface LoadedUser {
  record: UserRecord;
  raw: unknown;
}

/** What the `users` store may hold: our records, or the reference's formats. */
export type StoredUser = UserRecord | string;

const EPOCH_ZERO = '1970-01-01T00:00:00.000Z';

/**
 * Reads a stored user value. Besides our own objects it accepts the reference's formats, so its data
 * can be imported: the JSON text of `{ hash, createdAt, unconfirmed? }`, and a bare bcrypt hash
 * (legacy, confirmed, created at the epoch; R-612). Anything else reads as no user.
 */
export function parseUserRecord(value: unknown): UserRecord | null {
  let data: unknown = value;
  if (typeof value === 'string') {
    if (!value.startsWith('{')) return value.length > 0 ? { hash: value, createdAt: EPOCH_ZERO } : null;
    try {
      data = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (typeof data !== 'object' || data === null) return null;
  const fields = data as Record<string, unknown>;
  if (typeof fields.hash !== 'string') return null;
  const record: UserRecord = {
    hash: fields.hash,
    createdAt: typeof fields.createdAt === 'string' ? fields.createdAt : EPOCH_ZERO,
  };
  if (fields.unconfirmed === true) record.unconfirmed = true;
  if (fields.disabled === true) record.disabled = true;
  if (typeof fields.sessionEpoch === 'number' && Number.isSafeInteger(fields.sessionEpoch)) {
    record.sessionEpoch = fields.sessionEpoch;
  }
  return record;
}

/** Access to the `users` store. */
export class UserStore {
  readonly #store: KVStore<StoredUser>;

  constructor(store: KVStore<StoredUser>) {
    this.#store = store;
  }

  /** The user `username`, or `null`. */
  async load(username: string): Promise<LoadedUser | null> {
    const raw = await this.#store.get(username);
    if (raw === null) return null;
    const record = parseUserRecord(raw);
    return record ? { record, raw } : null;
  }

  /** Creates `username`; returns `false` when the name is taken (atomic: exactly one of N racers wins). */
  async create(username: string, record: UserRecord): Promise<boolean> {
    return this.#conditional(() => this.#store.put(username, record, { ifNotExists: true }));
  }

  /**
   * Replaces the user's record only if it still holds `previous.raw` (compare-and-set). Returns `false`
   * when another request changed it in between.
   */
  async replace(username: string, previous: LoadedUser, record: UserRecord): Promise<boolean> {
    return this.#conditional(() =>
      this.#store.put(username, record, { ifValueEquals: previous.raw as StoredUser }),
    );
  }

  /** Deletes the user if it still holds `previous.raw`; returns whether it did. */
  async remove(username: string, previous: LoadedUser): Promise<boolean> {
    return this.#conditional(() =>
      this.#store.delete(username, { ifValueEquals: previous.raw as StoredUser }),
    );
  }

  /**
   * Applies `change` to the current record with compare-and-set, re-reading and retrying when a
   * concurrent write got in between. `change` returns the new record, or `null` to leave it as is.
   * Returns the record written, or `null` when the user does not exist or nothing was written.
   */
  async update(
    username: string,
    change: (current: UserRecord) => UserRecord | null,
    attempts = 5,
  ): Promise<UserRecord | null> {
    for (let i = 0; i < attempts; i++) {
      const loaded = await this.load(username);
      if (!loaded) return null;
      const next = change(loaded.record);
      if (!next) return null;
      if (await this.replace(username, loaded, next)) return next;
    }
    return null;
  }

  /**
   * Every user in key order (UTF-8 byte order, as the store sorts), only names starting with `prefix`
   * and only after `after` (exclusive). The store starts reading at `after`, so a late page costs as
   * much as the first.
   */
  async *scan(after?: string, prefix?: string): AsyncIterable<{ username: string; record: UserRecord }> {
    const rows = this.#store.scan({ ...(prefix ? { prefix } : {}), ...(after ? { startAfter: after } : {}) });
    for await (const { key, value } of rows) {
      const record = parseUserRecord(value);
      if (record) yield { username: key, record };
    }
  }

  async #conditional(write: () => Promise<void>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
