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
   * When the user signed up (ISO-8601; it never changes), copied from the user record so that
   * resolving a session reads this record only. A record without it reads as no session.
   */
  userCreatedAt: string;
}

/**
 * Server-side sessions in the `sessions` store, keyed `<user tag>.<sid>`, where the user tag is a
 * digest of the username. The shared prefix makes "every session of a user" one prefix scan, and the
 * fixed-size tag keeps keys short whatever the username. Each item expires with the session
 * (engine TTL), and reads also compare `expiresAt` with the block's clock. A session is valid exactly
 * while its record exists: everything that ends sessions deletes the records.
 */
export class SessionStore {
  readonly #store: KVStore<SessionRecord>;

  constructor(store: KVStore<SessionRecord>) {
    this.#store = store;
  }

  /** Starts a session for `username` lasting `durationSeconds`. */
  async create(
    username: string,
    userCreatedAt: string,
    nowMs: number,
    durationSeconds: number,
  ): Promise<SessionRecord> {
    const record: SessionRecord = {
      sid: randomBytes(18).toString('base64url'),
      username,
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: nowMs + durationSeconds * 1000,
      userCreatedAt,
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
    return record && record.sid === sid && isLive(record, username, nowMs) ? record : null;
  }

  /** Ends one session; returns whether it existed. */
  async end(username: string, sid: string): Promise<boolean> {
    return (await this.#store.take(key(username, sid))) !== null;
  }

  /** The live sessions of `username`, oldest first. */
  async list(username: string, nowMs: number): Promise<SessionRecord[]> {
    const sessions: SessionRecord[] = [];
    for await (const { value } of this.#store.scan({ prefix: `${userTag(username)}.` })) {
      if (isLive(value, username, nowMs)) sessions.push(value);
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

function isLive(record: SessionRecord, username: string, nowMs: number): boolean {
  return record.username === username && typeof record.userCreatedAt === 'string' && record.expiresAt > nowMs;
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
