import { randomBytes } from 'node:crypto';
import type { BlocksContext } from '@blockyard/core';
import type { AuthBasicUser, AuthRuntime } from '../runtime.js';
import { DEVICE_AUDIENCE } from '../session/device-token.js';
import { signToken } from '../session/token-check.js';
import { type CredentialsRuntime, verifyCredentials } from './credentials.js';
import { passwordInput, usernameInput } from './inputs.js';
import { startSession } from './sessions.js';

/**
 * Signs in: the canonical username and the password input, the checks of
 * {@link verifyCredentials} (D-14, D-15; a valid device cookie of the account passes its lock), then a
 * new session and its cookie, and a new device cookie for the account. The one sign-in of the server
 * method, the state machine's `signIn` action and the legacy namespace.
 * @throws InvalidParameterException, InvalidCredentialsException, TooManyAttemptsException.
 */
export async function signIn(
  rt: CredentialsRuntime & Pick<AuthRuntime, 'sessions'>,
  context: BlocksContext,
  usernameIn: unknown,
  passwordIn: unknown,
): Promise<AuthBasicUser> {
  const username = usernameInput(rt, usernameIn);
  const password = passwordInput(passwordIn);
  const verified = await verifyCredentials(rt, username, password, context, { deviceCookie: true });
  const user = await startSession(rt, context, username, verified.record);
  await setDeviceCookie(rt, context, username);
  return user;
}

/**
 * Gives the client a new device cookie for `username` (D-14): a token signed with the current key,
 * audience `auth-device`, naming the account and a random device id, for `lockout.deviceCookieSeconds`.
 */
async function setDeviceCookie(
  rt: Pick<AuthRuntime, 'cookies' | 'issuer' | 'keys' | 'now' | 'options'>,
  context: BlocksContext,
  username: string,
): Promise<void> {
  const seconds = rt.options.lockout.deviceCookieSeconds;
  const token = await signToken(
    await rt.keys.current(),
    { issuer: rt.issuer, audience: DEVICE_AUDIENCE },
    { did: randomBytes(16).toString('base64url') },
    Math.floor(rt.now() / 1000),
    seconds,
    username,
  );
  rt.cookies.setDevice(context, token, seconds);
}
