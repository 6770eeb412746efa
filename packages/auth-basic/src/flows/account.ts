import type { BlocksContext } from '@blockyard/core';
import { invalidPassword, sessionExpired } from '../errors.js';
import { hashPassword } from '../password/password-hashing.js';
import { checkPasswordPolicy } from '../password/password-policy.js';
import { type AuthBasicUser, type AuthRuntime, toAuthBasicUser } from '../runtime.js';
import { clientAddressOf, verifyCredentials } from './credentials.js';
import { passwordInput } from './inputs.js';
import { requireSession } from './sessions.js';

/**
 * Changes the signed-in user's password (D-18). The new password must meet the policy; the current
 * one is verified like a sign-in (same lockout). The record gets the new hash and a new session
 * epoch in one write, then every other session record is deleted (D-13); the request's own session
 * keeps working.
 */
export async function changePassword(
  rt: AuthRuntime,
  context: BlocksContext,
  currentIn: unknown,
  nextIn: unknown,
): Promise<AuthBasicUser> {
  const { username, session } = await requireSession(rt, context);
  const current = passwordInput(currentIn, 'currentPassword');
  const next = passwordInput(nextIn, 'newPassword');
  const problem = checkPasswordPolicy(next.value, rt.options.passwordPolicy, username);
  if (problem) throw invalidPassword(problem);
  const verified = await verifyCredentials(rt, username, current, context);
  const hash = await hashPassword(next.value);
  const epoch = (verified.record.sessionEpoch ?? 0) + 1;
  if (!(await rt.users.replace(username, verified, { ...verified.record, hash, sessionEpoch: epoch }))) {
    // The account changed meanwhile (another password change, a reset, deletion): start over.
    throw sessionExpired();
  }
  const ended = await rt.sessions.endAll(username, session.sid);
  rt.events.emit('passwordChanged', {
    username,
    sessionId: session.sid,
    clientAddress: clientAddressOf(context),
    count: ended,
  });
  return toAuthBasicUser(username, verified.record.createdAt);
}

/**
 * Deletes the signed-in user's account after checking the password (D-18): the user record, every
 * session and pending code go, and the cookie is cleared. The username can then be signed up again.
 */
export async function deleteAccount(
  rt: AuthRuntime,
  context: BlocksContext,
  passwordIn: unknown,
): Promise<void> {
  const { username } = await requireSession(rt, context);
  const password = passwordInput(passwordIn);
  const verified = await verifyCredentials(rt, username, password, context);
  if (!(await rt.users.remove(username, verified))) throw sessionExpired();
  const ended = await rt.sessions.endAll(username);
  await Promise.all([rt.codes.discardAll('signup', username), rt.codes.discardAll('reset', username)]);
  rt.cookies.clearSession(context);
  rt.events.emit('accountDeleted', { username, clientAddress: clientAddressOf(context), count: ended });
}
