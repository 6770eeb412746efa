import type { BlocksContext } from '@blockyard/core';
import type { AuthBasicUser, AuthRuntime } from '../runtime.js';
import { verifyCredentials } from './credentials.js';
import { passwordInput, usernameInput } from './inputs.js';
import { startSession } from './sessions.js';

/**
 * Signs in: the canonical username and the password input, the checks of
 * {@link verifyCredentials} (D-14, D-15), then a new session and its cookie. The one sign-in of the
 * server method, the state machine's `signIn` action and the legacy namespace.
 * @throws InvalidParameterException, InvalidCredentialsException, TooManyAttemptsException.
 */
export async function signIn(
  rt: Pick<
    AuthRuntime,
    'cookies' | 'events' | 'issuer' | 'keys' | 'now' | 'options' | 'sessions' | 'throttle' | 'users'
  >,
  context: BlocksContext,
  usernameIn: unknown,
  passwordIn: unknown,
): Promise<AuthBasicUser> {
  const username = usernameInput(rt, usernameIn);
  const password = passwordInput(passwordIn);
  const verified = await verifyCredentials(rt, username, password, context);
  return startSession(rt, context, username, verified.record);
}
