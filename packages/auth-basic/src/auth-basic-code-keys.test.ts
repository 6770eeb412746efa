// A read-only copy of the database must not let anyone check a guessed verification code offline
// (D-25): with BLOCKS_AUTH_SIGNING_KEYS the code key is derived from the environment keys, and a
// rotation of those keys keeps codes issued before it valid until they expire.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CODE_TTL_SECONDS } from './codes/code-book.js';
import { codeHmac } from './codes/code-hmac.js';
import { AuthBasicErrors } from './errors.js';
import { SIGNING_KEYS_ENV } from './session/signing-keys.js';
import { type Harness, makeAuth, rejection } from './test-support/harness.js';

const PASSWORD = 'correct-horse-42';
const KEY_A = 'first-environment-key-first-environment-key';
const KEY_B = 'second-environment-key-second-environment-key';

const dir = mkdtempSync(join(tmpdir(), 'auth-code-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Runs `work` with BLOCKS_AUTH_SIGNING_KEYS set to `keys` (unset for `undefined`), then restores it. */
async function withKeys<T>(keys: string | undefined, work: () => Promise<T>): Promise<T> {
  const saved = process.env[SIGNING_KEYS_ENV];
  if (keys === undefined) delete process.env[SIGNING_KEYS_ENV];
  else process.env[SIGNING_KEYS_ENV] = keys;
  try {
    return await work();
  } finally {
    if (saved === undefined) delete process.env[SIGNING_KEYS_ENV];
    else process.env[SIGNING_KEYS_ENV] = saved;
  }
}

/** An AuthBasic on a SQLite file (the keys in the environment are read at construction). */
async function onFile(): Promise<{ h: Harness; file: string }> {
  const file = join(dir, `blocks-${++files}.db`);
  const h = await makeAuth({ codes: true, engineUrl: `sqlite:${file}`, scopeId: `keys${files}` });
  return { h, file };
}

/** A confirmed account with a reset code pending; returns the code. */
async function pendingReset(h: Harness, username: string): Promise<string> {
  await h.auth.signUp(username, PASSWORD);
  await h.auth.confirmSignUp(username, await h.lastCode(username, 'signup'));
  await h.auth.resetPassword(username);
  return h.lastCode(username, 'reset');
}

/**
 * What a database reader has: a backup copy of the file, read with plain SQL. Returns every string
 * in it (keys, values and the strings inside JSON values) and the stored code entries.
 */
async function readCopy(file: string): Promise<{ strings: string[]; hmacs: string[] }> {
  const copy = `${file}.copy`;
  const live = new Database(file, { readonly: true });
  await live.backup(copy);
  live.close();
  const db = new Database(copy, { readonly: true });
  const strings: string[] = [];
  const hmacs: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if (typeof record.hmac === 'string') hmacs.push(record.hmac);
      Object.values(record).forEach(collect);
    }
  };
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
    name: string;
  }[];
  for (const { name } of tables) {
    for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all() as object[]) {
      for (const cell of Object.values(row)) {
        if (typeof cell !== 'string') continue;
        strings.push(cell);
        try {
          collect(JSON.parse(cell));
        } catch {
          // not JSON: kept as a string
        }
      }
    }
  }
  db.close();
  return { strings, hmacs };
}

/** Whether any string of the copy, used as the key (as text or base64url-decoded), verifies `code`. */
function verifiesOffline(
  copy: { strings: string[]; hmacs: string[] },
  username: string,
  code: string,
): boolean {
  const candidates = copy.strings.flatMap((s) => [s, Buffer.from(s, 'base64url')]);
  return copy.hmacs.some((hmac) => candidates.some((key) => codeHmac(key, 'reset', username, code) === hmac));
}

describe('code keys and database readers (D-25)', () => {
  it('without environment keys, the secret in the database verifies a pending code (what operations.md warns of)', async () => {
    await withKeys(undefined, async () => {
      const { h, file } = await onFile();
      try {
        const code = await pendingReset(h, 'exposed');
        const copy = await readCopy(file);
        assert.ok(copy.hmacs.length > 0, 'the copy holds the code entry');
        assert.equal(
          verifiesOffline(copy, 'exposed', code),
          true,
          'the stored secret checks guesses offline',
        );
      } finally {
        await h.close();
      }
    });
  });

  it('with BLOCKS_AUTH_SIGNING_KEYS, nothing in a copy of the database verifies the code', async () => {
    await withKeys(KEY_A, async () => {
      const { h, file } = await onFile();
      try {
        const code = await pendingReset(h, 'guarded');
        const copy = await readCopy(file);
        assert.ok(copy.hmacs.length > 0, 'the copy holds the code entry');
        assert.ok(
          copy.strings.every((s) => !s.includes(KEY_A)),
          'the environment key is not in the database',
        );
        assert.equal(verifiesOffline(copy, 'guarded', code), false, 'no stored material checks a guess');
        await h.auth.confirmResetPassword('guarded', code, 'a-new-password-77');
      } finally {
        await h.close();
      }
    });
  });

  it('keeps a code issued before a rotation valid under the new keys, until it expires', async () => {
    const { h, code } = await withKeys(KEY_A, async () => {
      const { h } = await onFile();
      return { h, code: await pendingReset(h, 'rotating') };
    });
    try {
      // Every instance restarts with the new key first and the old one kept.
      const rotated = await withKeys(`${KEY_B},${KEY_A}`, async () => h.sibling());
      await rotated.confirmResetPassword('rotating', code, 'a-new-password-77');

      // Codes issued after the rotation use the new key: an instance that knows only the old key
      // cannot confirm them, one that knows only the new key can.
      h.clock.advance(61);
      await rotated.resetPassword('rotating');
      await h.flush();
      const fresh = h.deliveries
        .filter((d) => d.username === 'rotating' && d.purpose === 'reset')
        .at(-1)?.code;
      assert.ok(fresh);
      const oldOnly = await withKeys(KEY_A, async () => h.sibling());
      assert.equal(
        (await rejection(oldOnly.confirmResetPassword('rotating', fresh, 'another-password-88'))).name,
        AuthBasicErrors.InvalidCode,
      );
      const newOnly = await withKeys(KEY_B, async () => h.sibling());
      await newOnly.confirmResetPassword('rotating', fresh, 'another-password-88');

      // After its lifetime a code is refused whatever the keys.
      h.clock.advance(61);
      await newOnly.resetPassword('rotating');
      await h.flush();
      const expiring = h.deliveries.filter((d) => d.username === 'rotating').at(-1)?.code ?? '';
      h.clock.advance(CODE_TTL_SECONDS + 1);
      assert.equal(
        (await rejection(newOnly.confirmResetPassword('rotating', expiring, 'third-password-99'))).name,
        AuthBasicErrors.InvalidCode,
      );
    } finally {
      await h.close();
    }
  });
});
