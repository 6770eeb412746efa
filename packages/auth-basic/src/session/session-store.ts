import { createHash, randomBytes } from 'node:crypto';
import type { KVStore } from '@blockyard/kv-store';

/** A server-side session (D-13). */
export interface SessionRecord {
  /** Session id, as the token's `sid` claim names it. */
  sid: string;
  /** Canonical username. */
  username: string;
  /** When the session started (ISO-8601). */
  createdAt: string;
  /** When it ends, epoch milliseconds. */
  expiresAt: number;
  /**
   * The user's session epoch when the session started. Ending every session of a user bumps the epoch
   * in the user record in the same write that changes the password, so older sessions stop working at
   * once, even ones a concurrent sign-in created while the records were being deleted.
   */
  epoch: number;
}

/**
 * Server-side sessions in the `sessions` store, keyed `<user tag>.<sid>`, where the user tag is a
 * digest of the username. The shared prefix makes "every session of a user" one prefix scan, and the
 * fixed-size tag keeps keys short whatever the username. Each item expires with the session
 * (engine TTL), and reads also compare `expiresAt` with the block's clock.
 */
export class SessionStore {
  readonly #store: KVStore<SessionRecord>;

  constructor(store: KVStore<SessionRecord>) {
    this.#store = store;
  }

  /** Starts a session for `username` lasting `durationSeconds`. */
  async create(
    username: string,
    epoch: number,
    nowMs: number,
    durationSeconds: number,
  ): Promise<SessionRecord> {
    const record: SessionRecord = {
      sid: randomBytes(18).toString('base64url'),
      username,
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: nowMs + durationSeconds * 1000,
      epoch,
    };
    await this.#store.put(key(username, record.sid), record, {
      ifNotExists: true,
      ttlSeconds: durationSeconds,
    });
    return record;
  }

  /** The live session `sid` of `username`, or `null` (missing, ended, expired, or someone else's). */
  async get(username: string, sid: string, nowMs: number): Promise<SessionRecord | null> {
    const record = await this.#store.get(key(username, sid));
    if (!record || record.username !== username || record.sid !== sid || record.expiresAt <= nowMs) {
      return null;
    }
    return record;
  }

  /** Moves a live session to a new epoch (the one that keeps working after a password change). */
  async reEpoch(record: SessionRecord, epoch: number, nowMs: number): Promise<void> {
    const ttlSeconds = Math.max(1, Math.ceil((record.expiresAt - nowMs) / 1000));
    await this.#store.put(key(record.username, record.sid), { ...record, epoch }, { ttlSeconds });
  }

  /** Ends one session; returns whether it existed. */
  async end(username: string, sid: string): Promise<boolean> {
    return (await this.#store.take(key(username, sid))) !== null;
  }

  /** The live sessions of `username`, oldest first. */
  async list(username: string, nowMs: number): Promise<SessionRecord[]> {
    const sessions: SessionRecord[] = [];
    for await (const { value } of this.#store.scan({ prefix: `${userTag(username)}.` })) {
      if (value.username === username && value.expiresAt > nowMs) sessions.push(value);
    }
    return sessions.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Ends every session of `username` except `keepSid`; returns how many it ended. */
  async endAll(username: string, keepSid?: string): Promise<number> {
    const doomed: string[] = [];
    for await (const { key: k, value } of this.#store.scan({ prefix: `${userTag(username)}.` })) {
      if (value.username === username && value.sid !== keepSid) doomed.push(k);
    }
    for (const k of doomed) await this.#store.delete(k);
    return doomed.length;
  }
}

const tags = new Map<string, string>();

// Memoised (bounded): the protected call computes the tag of the same few users over and over.
function userTag(username: string): string {
  let tag = tags.get(username);
  if (tag === undefined) {
    tag = createHash('sha256').update(username).digest('base64url');
    if (tags.size >= 10_000) tags.clear();
    tags.set(username, tag);
  }
  return tag;
}

function key(username: string, sid: string): string {
  return `${userTag(username)}.${sid}`;
}
