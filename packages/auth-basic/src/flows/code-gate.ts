import type { CodePurpose } from '../codes/code-hmac.js';
import { tooManyAttempts } from '../errors.js';
import type { AuthRuntime } from '../runtime.js';

/**
 * Runs `work` once the resend gate of `purpose`/`username` lets a new code through (D-14): the one
 * place sign-up, resend and reset pass it. A closed gate answers TooManyAttemptsException with the
 * wait; a failure inside `work` re-opens the gate (nothing was queued) and propagates; `work` may
 * re-open it itself with `release` when it ends up sending nothing on purpose.
 */
export async function withResendGate<T>(
  rt: Pick<AuthRuntime, 'gate' | 'now'>,
  purpose: CodePurpose,
  username: string,
  work: (release: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const gate = await rt.gate.acquire(purpose, username, rt.now());
  if (!gate.open) throw tooManyAttempts('A code was sent to this user recently', gate.waitSeconds);
  try {
    return await work(gate.release);
  } catch (error) {
    await gate.release();
    throw error;
  }
}
