import type { BlocksContext } from '@blockyard/core';
import type { CodeEntry } from '../codes/code-book.js';
import type { CodePurpose } from '../codes/code-hmac.js';
import { invalidCode, tooManyAttempts } from '../errors.js';
import type { AuthRuntime } from '../runtime.js';
import { clientAddressOf } from './credentials.js';

/**
 * Checks a verification code (without consuming it) and returns its entry.
 * @throws TooManyAttemptsException past `codeFailureLimit` for the user and purpose, or past the
 * client address's bound, with the wait until the window ends; InvalidCodeException otherwise.
 */
export async function checkCode(
  rt: Pick<AuthRuntime, 'codes' | 'events' | 'now'>,
  purpose: CodePurpose,
  username: string,
  code: string,
  context?: BlocksContext,
): Promise<CodeEntry> {
  const address = clientAddressOf(context);
  const result = await rt.codes.check(purpose, username, code, rt.now(), address);
  if (result.ok) return result.entry;
  if (result.waitSeconds !== undefined) {
    rt.events.emit('throttled', { username, clientAddress: address, reason: `code-${purpose}` });
    throw tooManyAttempts('Too many wrong codes', result.waitSeconds);
  }
  throw invalidCode();
}
