import { randomBytes } from 'node:crypto';
import type { KVStore } from '@blockyard/kv-store';
import { isConditionFailure } from '../kv-conditions.js';
import { type CodePurpose, codeHmac, generateCode, sameDigest } from './code-hmac.js';

/** A stored code: its HMAC, expiry (epoch ms) and an id naming its attempt counter. */
export interface CodeEntry {
  hmac: string;
  expires: number;
  id: string;
}

/** Outcome of {@link CodeBook.check}. */
export type CodeCheck = { ok: true; entry: CodeEntry } | { ok: false };

/** Lifetime of a verification code. */
export const CODE_TTL_SECONDS = 600;

const SIX_DIGITS = /^\d{6}$/;

/**
 * Verification codes (R-624/R-625, D-14, D-16), stored in the `codes` store under `<purpose>:<username>`
 * as `{ hmac, expires, id }` — never the code itself. A new code for the same purpose and user replaces
 * the old one. Checking a code and consuming it are separate steps, so that a caller consumes it only
 * once the whole action has succeeded; every check of a live code counts against `attempts` (a counter
 * in the `throttle` store named after the code's id), and the check that uses up the last attempt
 * deletes the code.
 */
export class CodeBook {
  readonly #codes: KVStore<CodeEntry>;
  readonly #counters: KVStore<unknown>;
  readonly #secret: () => Promise<string>;
  readonly #attempts: number;

  constructor(
    codes: KVStore<CodeEntry>,
    counters: KVStore<unknown>,
    secret: () => Promise<string>,
    attempts: number,
  ) {
    this.#codes = codes;
    this.#counters = counters;
    this.#secret = secret;
    this.#attempts = attempts;
  }

  /** Creates and stores a new code for `purpose`/`username`, replacing any earlier one; returns it. */
  async issue(purpose: CodePurpose, username: string, nowMs: number): Promise<string> {
    const code = generateCode();
    const entry: CodeEntry = {
      hmac: codeHmac(await this.#secret(), purpose, username, code),
      expires: nowMs + CODE_TTL_SECONDS * 1000,
      id: randomBytes(12).toString('base64url'),
    };
    await this.#codes.put(`${purpose}:${username}`, entry, { ttlSeconds: CODE_TTL_SECONDS });
    return code;
  }

  /**
   * Checks `code` without consuming it. A string that is not six digits can never match and is
   * refused without using an attempt. Otherwise: no live entry → refused; expired → deleted and
   * refused; then one attempt is counted (atomically, so concurrent guesses cannot exceed the limit),
   * and beyond the limit the entry is deleted and the guess refused; finally the HMACs are compared in
   * constant time. A wrong code that uses the last attempt deletes the entry.
   */
  async check(purpose: CodePurpose, username: string, code: string, nowMs: number): Promise<CodeCheck> {
    if (!SIX_DIGITS.test(code)) return { ok: false };
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
    if (used > this.#attempts) {
      await this.#discard(key, entry);
      return { ok: false };
    }
    const expected = codeHmac(await this.#secret(), purpose, username, code);
    if (sameDigest(entry.hmac, expected)) return { ok: true, entry };
    if (used >= this.#attempts) await this.#discard(key, entry);
    return { ok: false };
  }

  /**
   * Consumes a code that {@link check} accepted. Returns `false` when it is no longer there (another
   * request consumed or replaced it meanwhile), in which case the action must fail.
   */
  async consume(purpose: CodePurpose, username: string, entry: CodeEntry): Promise<boolean> {
    try {
      await this.#codes.delete(`${purpose}:${username}`, { ifValueEquals: entry });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Deletes any code for `purpose`/`username`. */
  async discardAll(purpose: CodePurpose, username: string): Promise<void> {
    await this.#codes.delete(`${purpose}:${username}`);
  }

  async #discard(key: string, entry: CodeEntry): Promise<void> {
    try {
      await this.#codes.delete(key, { ifValueEquals: entry });
    } catch {
      // Already replaced or consumed: nothing to delete.
    }
  }
}
