import { randomBytes } from 'node:crypto';
import type { KVStore } from '@blockyard/kv-store';
import { isConditionFailure } from '../kv-conditions.js';
import { addressKey } from '../throttle/client-address.js';
import { fixedWindow } from '../throttle/fixed-window.js';
import { reserveInWindow } from '../throttle/rolling-window.js';
import { type CodePurpose, codeHmac, generateCode, sameDigest } from './code-hmac.js';
import type { CodeKey, CodeKeys } from './code-keys.js';

/** A stored code: its HMAC, expiry (epoch ms) and an id naming its attempt counter. */
export interface CodeEntry {
  hmac: string;
  expires: number;
  id: string;
}

/**
 * Outcome of {@link CodeBook.check}: the live entry of a right code; or a refusal, with `waitSeconds`
 * when too many wrong codes came for this user and purpose, or from this client address.
 */
export type CodeCheck = { ok: true; entry: CodeEntry } | { ok: false; waitSeconds?: number };

/** The bounds on wrong codes of {@link CodeBook} (D-14). */
export interface CodeLimits {
  /** Wrong tries one code survives. */
  attempts: number;
  /** Wrong codes allowed per user and purpose in any {@link FAILURE_WINDOW_SECONDS}. */
  failureLimit: number;
  /** Wrong codes allowed per client address per `addressWindowSeconds`, across users. */
  addressLimit: number;
  addressWindowSeconds: number;
}

/** The window of `failureLimit`: a rolling 24 h. */
export const FAILURE_WINDOW_SECONDS = 24 * 60 * 60;

/** Lifetime of a verification code. */
export const CODE_TTL_SECONDS = 600;

const SIX_DIGITS = /^\d{6}$/;

/**
 * Verification codes (R-624/R-625, D-14, D-16), stored in the `codes` store under `<purpose>:<username>`
 * as `{ hmac, expires, id }` — never the code itself; the HMAC is keyed with the current code key
 * and a code verifies under any key of {@link CodeKeys} (D-25). A new code for the same purpose and user replaces
 * the old one. Checking a code and consuming it are separate steps, so that a caller consumes it only
 * once the whole action has succeeded; every check of a live code counts against `attempts` (a counter
 * in the `throttle` store named after the code's id), and the check that uses up the last attempt
 * deletes the code.
 */
export class CodeBook {
  readonly #codes: KVStore<CodeEntry>;
  readonly #counters: KVStore<unknown>;
  readonly #keys: CodeKeys;
  readonly #limits: CodeLimits;

  constructor(codes: KVStore<CodeEntry>, counters: KVStore<unknown>, keys: CodeKeys, limits: CodeLimits) {
    this.#codes = codes;
    this.#counters = counters;
    this.#keys = keys;
    this.#limits = limits;
  }

  /** Creates and stores a new code for `purpose`/`username`, replacing any earlier one; returns it. */
  async issue(purpose: CodePurpose, username: string, nowMs: number): Promise<string> {
    const code = generateCode();
    const [current] = await this.#keys();
    const entry: CodeEntry = {
      hmac: codeHmac(current, purpose, username, code),
      expires: nowMs + CODE_TTL_SECONDS * 1000,
      id: randomBytes(12).toString('base64url'),
    };
    await Promise.all([
      this.#codes.put(`${purpose}:${username}`, entry, { ttlSeconds: CODE_TTL_SECONDS }),
      this.markPending(purpose, username),
    ]);
    return code;
  }

  /**
   * Records that a `purpose` code for `username` was asked for: from then until a code's lifetime has
   * passed, wrong codes for the name count against it (D-14). Written for every request that queues a
   * code, also for unknown or taken names (which get none), so counting reveals nothing about them.
   */
  async markPending(purpose: CodePurpose, username: string): Promise<void> {
    await this.#counters.put(pendingKey(purpose, username), 1, { ttlSeconds: CODE_TTL_SECONDS });
  }

  /**
   * Checks `code` without consuming it. A string that is not six digits can never match and is
   * refused without using an attempt. Every other guess first *reserves* its place, before any
   * comparison (so parallel guesses cannot pass the bounds): in the client address's window
   * (`addressLimit`, an atomic increment), and — only while a code for this user and purpose is pending
   * ({@link markPending}) — in the user's rolling 24 h window (`failureLimit`). Past either, the guess
   * is refused with the wait until a place frees. Guesses while nothing is pending never count against
   * the user, so nobody can use up a user's wrong codes before a code exists. Then: no live entry →
   * refused; expired → deleted and refused; one attempt of the code is counted (atomically, so
   * concurrent guesses cannot exceed `attempts`), and beyond it the entry is deleted; finally the HMACs
   * are compared in constant time. A right code gives its reservations back; a wrong one that uses the
   * last attempt deletes the entry.
   */
  async check(
    purpose: CodePurpose,
    username: string,
    code: string,
    nowMs: number,
    address?: string,
  ): Promise<CodeCheck> {
    if (!SIX_DIGITS.test(code)) return { ok: false };
    const reserved = await this.#reserve(purpose, username, nowMs, address);
    if (!reserved.ok) return { ok: false, waitSeconds: reserved.waitSeconds };
    const result = await this.#verify(purpose, username, code, nowMs);
    if (result.ok) await reserved.giveBack();
    return result;
  }

  async #verify(purpose: CodePurpose, username: string, code: string, nowMs: number): Promise<CodeCheck> {
    const key = `${purpose}:${username}`;
    const entry = await this.#codes.get(key);
    if (!entry) return { ok: false };
    if (nowMs > entry.expires) {
      await this.#discard(key, entry);
      return { ok: false };
    }
    const used = await this.#counters.increment(`code-attempts:${entry.id}`, 1, {
      ttlSeconds: CODE_TTL_SECONDS,
    });
    if (used > this.#limits.attempts) {
      await this.#discard(key, entry);
      return { ok: false };
    }
    if (matchesAny(entry.hmac, await this.#keys(), purpose, username, code)) return { ok: true, entry };
    if (used >= this.#limits.attempts) await this.#discard(key, entry);
    return { ok: false };
  }

  async #reserve(
    purpose: CodePurpose,
    username: string,
    nowMs: number,
    address: string | undefined,
  ): Promise<{ ok: true; giveBack: () => Promise<void> } | { ok: false; waitSeconds: number }> {
    const addr = addressKey(address);
    const area = fixedWindow(nowMs, this.#limits.addressWindowSeconds);
    const addrKey = addr ? `code-addr:${addr}:${area.index}` : null;
    const [forAddress, pending] = await Promise.all([
      addrKey
        ? this.#counters.increment(addrKey, 1, { ttlSeconds: this.#limits.addressWindowSeconds })
        : Promise.resolve(0),
      this.#counters.get(pendingKey(purpose, username)),
    ]);
    if (forAddress > this.#limits.addressLimit)
      return { ok: false, waitSeconds: (area.endsAt - nowMs) / 1000 };
    const giveBackAddress = async () => {
      if (addrKey) await this.#counters.increment(addrKey, -1);
    };
    if (pending === null) return { ok: true, giveBack: giveBackAddress };
    const forUser = await reserveInWindow(
      this.#counters,
      `code-fail:${purpose}:${username}`,
      this.#limits.failureLimit,
      FAILURE_WINDOW_SECONDS,
      nowMs,
    );
    if (!forUser.ok) {
      await giveBackAddress();
      return forUser;
    }
    return {
      ok: true,
      giveBack: async () => {
        await Promise.all([forUser.giveBack(), giveBackAddress()]);
      },
    };
  }

  /**
   * Consumes a code that {@link check} accepted. Returns `false` when it is no longer there (another
   * request consumed or replaced it meanwhile), in which case the action must fail.
   */
  async consume(purpose: CodePurpose, username: string, entry: CodeEntry): Promise<boolean> {
    try {
      await this.#codes.delete(`${purpose}:${username}`, { ifValueEquals: entry });
      await this.#counters.delete(pendingKey(purpose, username));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Deletes any code for `purpose`/`username`. */
  async discardAll(purpose: CodePurpose, username: string): Promise<void> {
    await Promise.all([
      this.#codes.delete(`${purpose}:${username}`),
      this.#counters.delete(pendingKey(purpose, username)),
    ]);
  }

  async #discard(key: string, entry: CodeEntry): Promise<void> {
    try {
      await this.#codes.delete(key, { ifValueEquals: entry });
    } catch {
      // Already replaced or consumed: nothing to delete.
    }
  }
}

// Compares against every key (the current one and those of a rotation) without stopping at a match,
// so the time does not say which key issued the code.
function matchesAny(
  hmac: string,
  keys: readonly CodeKey[],
  purpose: CodePurpose,
  username: string,
  code: string,
): boolean {
  let found = false;
  for (const key of keys) {
    if (sameDigest(hmac, codeHmac(key, purpose, username, code))) found = true;
  }
  return found;
}

// Present while a code for the user and purpose is pending (see CodeBook.markPending).
function pendingKey(purpose: CodePurpose, username: string): string {
  return `code-pending:${purpose}:${username}`;
}
