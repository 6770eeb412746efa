import type { BlocksContext } from '@blockyard/core';
import { invalidCode, plainError } from '../errors.js';
import { hashPassword } from '../password/password-hashing.js';
import type { AuthRuntime } from '../runtime.js';
import { checkCode } from './code-check.js';
import { withResendGate } from './code-gate.js';
import { codeInput, passwordInput, requirePolicy, usernameInput } from './inputs.js';
import { endSessionsWith } from './sessions.js';
import { enqueueCode } from './sign-up.js';

/**
 * Starts a password reset (R-618 with D-14): delivers a `reset` code, at most once per
 * `codeResendSeconds` per username. For an unknown or disabled user it answers the same and delivers
 * nothing. Works for unconfirmed accounts too.
 */
export async function resetPassword(
  rt: Pick<AuthRuntime, 'codes' | 'events' | 'gate' | 'now' | 'options' | 'outbox' | 'users'>,
  usernameIn: unknown,
): Promise<void> {
  if (!rt.options.codeDelivery) throw plainError('Password reset not configured');
  const username = usernameInput(rt, usernameIn);
  await withResendGate(rt, 'reset', username, async () => {
    const loaded = await rt.users.load(username);
    rt.events.emit('passwordResetRequested', { username, reason: loaded ? undefined : 'unknown-user' });
    await enqueueCode(rt, 'reset', username, loaded !== null && !loaded.record.disabled);
  });
}

/**
 * Completes a reset (R-619 with D-13, D-16): the code is checked first (one attempt), then the new
 * password against the policy — a failure leaves the code usable — and only once the new hash is ready
 * is the code consumed and the record replaced. The same write bumps the session epoch, ending every
 * session of the user, and confirms a still-pending account (the code proves the same thing a sign-up
 * code does). The lockout count is reset. Does not sign in.
 */
export async function confirmResetPassword(
  rt: Pick<AuthRuntime, 'codes' | 'events' | 'now' | 'options' | 'sessions' | 'throttle' | 'users'>,
  usernameIn: unknown,
  codeIn: unknown,
  newPasswordIn: unknown,
  context?: BlocksContext,
): Promise<void> {
  const username = usernameInput(rt, usernameIn);
  const code = codeInput(codeIn);
  const password = passwordInput(newPasswordIn, 'newPassword');
  const entry = await checkCode(rt, 'reset', username, code, context);
  requirePolicy(rt, password, username);
  if (!(await rt.users.load(username))) throw invalidCode();
  const hash = await hashPassword(password.value);
  if (!(await rt.codes.consume('reset', username, entry))) throw invalidCode();
  const done = await endSessionsWith(rt, username, (current) => {
    const { unconfirmed: _pending, ...rest } = current;
    return { ...rest, hash };
  });
  if (!done) throw invalidCode();
  const ended = done.ended;
  await rt.throttle.reset(username);
  rt.events.emit('passwordReset', { username, count: ended });
}
