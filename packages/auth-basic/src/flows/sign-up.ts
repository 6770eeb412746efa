import type { BlocksContext } from '@blockyard/core';
import { toWireError } from '@blockyard/core/block';
import type { CodeEntry } from '../codes/code-book.js';
import { invalidCode, invalidCredentials, plainError, userAlreadyExists } from '../errors.js';
import { hashPassword, verifyPassword } from '../password/password-hashing.js';
import { type AuthBasicUser, type AuthRuntime, toAuthBasicUser } from '../runtime.js';
import type { UserRecord } from '../user-store.js';
import { checkCode } from './code-check.js';
import { withResendGate } from './code-gate.js';
import { codeInput, type PasswordInput, passwordInput, requirePolicy, usernameInput } from './inputs.js';
import { startSession } from './sessions.js';
import { settleSignUpUndo, undoSignUp } from './sign-up-undo.js';

/** What a sign-up did. */
export type SignUpOutcome =
  /** Without `codeDelivery`: the account exists and is confirmed. */
  (
    | { kind: 'created'; username: string; record: UserRecord }
    /** With `codeDelivery`: a pending account and a delivered code (or, for a taken name, neither). */
    | { kind: 'confirming'; username: string }
  ) & {
    /**
     * Removes the account this sign-up created, for a caller whose next step (starting the session)
     * failed, so the sign-up answers its error with nothing created. Absent when it created none.
     */
    undo?: () => void;
  };

/**
 * Signs up (R-614 with D-12, D-14…D-16). The username is canonicalised (and checked by the delivery's
 * `validateUsername`, when it has one) and the password checked against the policy before anything is
 * stored; creation is one conditional write, so of concurrent
 * sign-ups of one name exactly one creates the account.
 *
 * With `codeDelivery`, delivering is gated by `codeResendSeconds` per username, and every branch does
 * one argon2id computation, so the answer time says nothing about the name (D-15):
 * - a new name: a pending account is created and a code delivered;
 * - a pending account (D-16): signing up again with *its* password delivers a new code; with another
 *   password it is answered like a taken name until `pendingSignUpSeconds` after its sign-up, and
 *   only then replaced — so nobody can take over a name someone else is confirming;
 * - a confirmed account: with `preventUserExistenceErrors`, answered exactly like a new name with
 *   nothing delivered; without it, UserAlreadyExists.
 * The code goes into the outbox (D-15); the answer never waits for its delivery. An engine failure
 * re-opens the gate and propagates.
 */
export async function signUp(
  rt: Pick<AuthRuntime, 'codes' | 'events' | 'gate' | 'now' | 'options' | 'outbox' | 'users'>,
  usernameIn: unknown,
  passwordIn: unknown,
): Promise<SignUpOutcome> {
  const username = usernameInput(rt, usernameIn);
  // A name the delivery can never reach (not an e-mail address for an e-mail delivery) would leave an
  // account nobody can confirm: refused before anything is stored, with the delivery's own error.
  rt.options.codeDelivery?.validateUsername?.(username);
  const password = passwordInput(passwordIn);
  requirePolicy(rt, password, username);
  await settleSignUpUndo(rt.users, username);
  if (!rt.options.codeDelivery) {
    const record = await createAccount(rt, username, password, false).catch((error: unknown) => {
      signUpFailed(rt, username, error);
      throw error;
    });
    rt.events.emit('signUp', { username });
    return { kind: 'created', username, record, undo: () => undoSignUp(rt.users, username, record) };
  }

  // The record this sign-up wrote, or was writing when it failed (a failed write may have committed).
  let written: UserRecord | undefined;
  return withResendGate(rt, 'signup', username, async (release) => {
    try {
      const placed = await placePendingAccount(rt, username, password, (record) => {
        written = record;
      });
      if (placed === null || placed === 'again') written = undefined;
      if (!placed) {
        if (!rt.options.preventUserExistenceErrors) {
          await release();
          throw userAlreadyExists();
        }
        rt.events.emit('signUp', { username, reason: 'taken-concealed' });
        await enqueueCode(rt, 'signup', username, false);
        return { kind: 'confirming', username };
      }
      rt.events.emit('signUp', { username, ...(placed === 'again' ? { reason: 'pending-again' } : {}) });
      await enqueueCode(rt, 'signup', username, true);
      const record = written;
      return {
        kind: 'confirming',
        username,
        ...(record ? { undo: () => undoSignUp(rt.users, username, record) } : {}),
      };
    } catch (error) {
      // The caller is told the sign-up failed: the account it created must not hold the name.
      if (written) undoSignUp(rt.users, username, written);
      signUpFailed(rt, username, error);
      throw error;
    }
  });
}

/** Logs a sign-up that failed for a reason other than the user's input (the engine was down). */
function signUpFailed(rt: Pick<AuthRuntime, 'events'>, username: string, error: unknown): void {
  const wire = toWireError(error, false);
  if (wire.code >= 500) rt.events.emit('signUpFailed', { username, reason: wire.name ?? 'InternalError' });
}

/**
 * Creates the account `username` with `password` (checked against the policy by the caller), pending
 * when `unconfirmed`: one conditional write, so of concurrent creations exactly one succeeds. The one
 * way accounts are created outright (sign-up without codeDelivery, `admin.createUser`).
 * @throws UserAlreadyExistsException when the name is taken.
 */
export async function createAccount(
  rt: Pick<AuthRuntime, 'now' | 'users'>,
  username: string,
  password: PasswordInput,
  unconfirmed: boolean,
): Promise<UserRecord> {
  const record: UserRecord = { hash: await hashPassword(password.value), createdAt: isoNow(rt) };
  if (unconfirmed) record.unconfirmed = true;
  let created: boolean;
  try {
    created = await rt.users.create(username, record);
  } catch (error) {
    // Unavailable mid-write: the account may exist although the caller is told it does not.
    undoSignUp(rt.users, username, record);
    throw error;
  }
  if (!created) throw userAlreadyExists();
  return record;
}

/**
 * Creates, renews or refuses the pending account `username` for a code-confirmed sign-up: the record
 * written (a new account, or one replacing an expired pending one), `'again'` (the same person signing
 * up again with the pending account's password), or `null` (the name is taken).
 */
async function placePendingAccount(
  rt: Pick<AuthRuntime, 'now' | 'options' | 'users'>,
  username: string,
  password: PasswordInput,
  writing: (record: UserRecord) => void,
): Promise<UserRecord | 'again' | null> {
  const existing = await rt.users.load(username);
  if (existing?.record.unconfirmed && !pendingExpired(rt, existing.record)) {
    const check = await verifyPassword(existing.record.hash, password.value, password.raw);
    return check.ok ? 'again' : null;
  }
  const record: UserRecord = {
    hash: await hashPassword(password.value),
    createdAt: isoNow(rt),
    unconfirmed: true,
  };
  writing(record);
  if (!existing) return (await rt.users.create(username, record)) ? record : null;
  if (existing.record.unconfirmed)
    return (await rt.users.replace(username, existing, record)) ? record : null;
  return null;
}

function pendingExpired(rt: Pick<AuthRuntime, 'now' | 'options'>, record: UserRecord): boolean {
  const created = Date.parse(record.createdAt);
  return !Number.isFinite(created) || rt.now() - created >= rt.options.pendingSignUpSeconds * 1000;
}

/**
 * Queues a `purpose` code for `username` in the outbox (D-15): delivered right after the answer when
 * `deliver`, otherwise the same write is made and nothing is delivered, so the answer takes the same
 * time for a real account and an unknown or taken name. Either way the name has a code pending from
 * now on, as far as counting wrong codes is concerned (D-14).
 */
export async function enqueueCode(
  rt: Pick<AuthRuntime, 'codes' | 'outbox'>,
  purpose: 'signup' | 'reset',
  username: string,
  deliver: boolean,
): Promise<void> {
  await Promise.all([
    rt.codes.markPending(purpose, username),
    rt.outbox?.enqueue(purpose, username, deliver),
  ]);
}

/**
 * Confirms a pending account with its sign-up code: the code is checked, the account must
 * exist, and the code is consumed only together with the confirmation. Does not sign in.
 */
export async function confirmSignUp(
  rt: Pick<AuthRuntime, 'codes' | 'events' | 'gate' | 'now' | 'options' | 'users'>,
  usernameIn: unknown,
  codeIn: unknown,
): Promise<void> {
  const username = usernameInput(rt, usernameIn);
  const code = codeInput(codeIn);
  const entry = await checkCode(rt, 'signup', username, code);
  if (!(await rt.users.load(username))) throw invalidCode();
  await consumeAndConfirm(rt, username, entry, null);
}

/**
 * The state machine's `confirmSignUp` (R-639 with D-16): checks the code, then the password against the
 * pending account, and only when both are right consumes the code, confirms the account and signs in.
 * A wrong password leaves the code usable (the try counts as one of its attempts).
 */
export async function confirmSignUpAndSignIn(
  rt: Pick<
    AuthRuntime,
    'codes' | 'cookies' | 'events' | 'gate' | 'issuer' | 'keys' | 'now' | 'options' | 'sessions' | 'users'
  >,
  context: BlocksContext,
  input: { username: unknown; code: unknown; password: unknown },
): Promise<AuthBasicUser> {
  const username = usernameInput(rt, input.username);
  const code = codeInput(input.code);
  if (input.password === undefined || input.password === null || input.password === '') {
    throw plainError('Password required to complete confirmSignUp');
  }
  const password: PasswordInput = passwordInput(input.password);
  const entry = await checkCode(rt, 'signup', username, code, context);
  const loaded = await rt.users.load(username);
  if (!loaded) throw invalidCode();
  const check = await verifyPassword(loaded.record.hash, password.value, password.raw);
  if (!check.ok || loaded.record.disabled) {
    rt.events.emit('signInFailed', { username, reason: 'confirm-wrong-password' });
    throw invalidCredentials();
  }
  const record = await consumeAndConfirm(rt, username, entry, loaded.record.hash);
  return startSession(rt, context, username, record);
}

/**
 * Delivers a new sign-up code for a pending account (D-16), at most once per `codeResendSeconds`.
 * For an unknown or confirmed username it does the same and delivers nothing.
 */
export async function resendSignUpCode(
  rt: Pick<AuthRuntime, 'codes' | 'gate' | 'now' | 'options' | 'outbox' | 'users'>,
  usernameIn: unknown,
): Promise<void> {
  if (!rt.options.codeDelivery) throw plainError('Sign-up confirmation not configured');
  const username = usernameInput(rt, usernameIn);
  await withResendGate(rt, 'signup', username, async () => {
    const loaded = await rt.users.load(username);
    await enqueueCode(rt, 'signup', username, loaded?.record.unconfirmed === true);
  });
}

async function consumeAndConfirm(
  rt: Pick<AuthRuntime, 'codes' | 'events' | 'gate' | 'users'>,
  username: string,
  entry: CodeEntry,
  expectedHash: string | null,
): Promise<UserRecord> {
  if (!(await rt.codes.consume('signup', username, entry))) throw invalidCode();
  let confirmed: UserRecord | null = null;
  await rt.users.update(username, (current) => {
    // The account was replaced (signed up again with another password) since the password check.
    if (expectedHash !== null && current.hash !== expectedHash) return null;
    const { unconfirmed: _pending, ...rest } = current;
    confirmed = rest;
    return rest;
  });
  if (!confirmed) throw invalidCode();
  // A confirmed account gets no more sign-up codes; a later sign-up of the name (answered as for a new
  // one, D-15) must not find a closed gate that a brand-new name would not have.
  await rt.gate.clear('signup', username);
  rt.events.emit('signUpConfirmed', { username });
  return confirmed;
}

function isoNow(rt: Pick<AuthRuntime, 'now'>): string {
  return new Date(rt.now()).toISOString();
}

/** The user a fresh, confirmed account reports. */
export function createdUser(outcome: { username: string; record: UserRecord }): AuthBasicUser {
  return toAuthBasicUser(outcome.username, outcome.record.createdAt);
}
