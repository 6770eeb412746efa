import type { BlocksContext } from '@blockyard/core';
import { sessionExpired } from '../errors.js';
import { hashPassword } from '../password/password-hashing.js';
import { type AuthBasicUser, type AuthRuntime, type SessionRuntime, toAuthBasicUser } from '../runtime.js';
import type { LoadedUser, UserRecord } from '../user-store.js';
import { type CredentialsRuntime, clientAddressOf, verifyCredentials } from './credentials.js';
import { passwordInput, requirePolicy } from './inputs.js';
import { endSessionsWith, requireSession } from './sessions.js';

/**
 * Changes the signed-in user's password (D-18). The new password must meet the policy; the current
 * one is verified like a sign-in (same lockout). The record gets the new hash and a new session
 * epoch in one write, then every other session record is deleted (D-13); the request's own session
 * keeps working.
 */
export async function changePassword(
  rt: SessionRuntime & CredentialsRuntime,
  context: BlocksContext,
  currentIn: unknown,
  nextIn: unknown,
): Promise<AuthBasicUser> {
  const { username, session } = await requireSession(rt, context);
  const current = passwordInput(currentIn, 'currentPassword');
  const next = passwordInput(nextIn, 'newPassword');
  requirePolicy(rt, next, username);
  const verified = await verifyCredentials(rt, username, current, context);
  const hash = await hashPassword(next.value);
  const done = await endSessionsWith(
    rt,
    username,
    // The account changed meanwhile (another password change, a reset, deletion): start over.
    (current) => (sameRecord(current, verified.record) ? { ...current, hash } : null),
    session.sid,
  );
  if (!done) throw sessionExpired();
  const ended = done.ended;
  rt.events.emit('passwordChanged', {
    username,
    sessionId: session.sid,
    clientAddress: clientAddressOf(context),
    count: ended,
  });
  return toAuthBasicUser(username, verified.record.createdAt);
}

/**
 * Deletes the signed-in user's account after checking the password (D-18): see {@link removeAccount};
 * the cookie is cleared. The username can then be signed up again.
 */
export async function deleteAccount(
  rt: SessionRuntime & CredentialsRuntime & Pick<AuthRuntime, 'codes'>,
  context: BlocksContext,
  passwordIn: unknown,
): Promise<void> {
  const { username } = await requireSession(rt, context);
  const password = passwordInput(passwordIn);
  const verified = await verifyCredentials(rt, username, password, context);
  const ended = await removeAccount(rt, username, verified);
  if (ended === null) throw sessionExpired();
  rt.cookies.clearSession(context);
  rt.cookies.clearDevice(context);
  rt.events.emit('accountDeleted', { username, clientAddress: clientAddressOf(context), count: ended });
}

/**
 * Removes an account with its sessions and pending codes (D-13): first the record is disabled with a
 * new session epoch (unless it differs from `expected`, when given), so no sign-in can start a session
 * any more; then every session ends ({@link endSessionsWith}); only then does the record go. Returns how many sessions ended, or `null` when there was no such account (or it changed
 * since `expected` was read).
 */
export async function removeAccount(
  rt: Pick<AuthRuntime, 'codes' | 'sessions' | 'users'>,
  username: string,
  expected?: LoadedUser,
): Promise<number | null> {
  const done = await endSessionsWith(rt, username, (current) =>
    expected && !sameRecord(current, expected.record) ? null : { ...current, disabled: true },
  );
  if (!done) return null;
  const { record: closed, ended } = done;
  await rt.users.remove(username, { record: closed, raw: closed });
  await Promise.all([rt.codes.discardAll('signup', username), rt.codes.discardAll('reset', username)]);
  return ended;
}

// Whether a record is still the one read earlier (nothing changed it in between).
function sameRecord(a: UserRecord, b: UserRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
