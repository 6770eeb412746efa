import type { BlocksContext } from '@blockyard/core';
import { retryAfterFor, toWireError } from '@blockyard/core/block';
import { CODE_TTL_SECONDS } from './codes/code-book.js';
import { invalidParameter, plainError } from './errors.js';
import { changePassword, deleteAccount } from './flows/account.js';
import { usernameInput } from './flows/inputs.js';
import { confirmResetPassword, resetPassword } from './flows/password-reset.js';
import { resolveSession, signOut, startSession } from './flows/sessions.js';
import { signIn } from './flows/sign-in.js';
import { confirmSignUpAndSignIn, resendSignUpCode, signUp } from './flows/sign-up.js';
import type { AuthRuntime, SessionRuntime } from './runtime.js';
import { toAuthBasicUser } from './runtime.js';
import { type PendingFlow, signFlowToken, verifyFlowToken } from './session/flow-token.js';
import {
  type AuthBasicState,
  confirmingPasswordResetState,
  confirmingSignUpState,
  SIGNED_OUT_ACTIONS,
  signedInState,
  signedOutState,
  withError,
  withPasswordRules,
} from './state-machine.js';

/** The flat `{ action, ...fields }` object `setAuthState` takes. */
type ActionInput = Record<string, unknown> & { action: string };

const ACTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * The two methods of `createApi()` for one request (R-621, R-638…R-644 with D-16, D-17).
 * `getAuthState` reports the session's user, else a confirmation the browser is in the middle of
 * (from the signed pending-flow cookie), else `signedOut`. `setAuthState` performs one action; every
 * failure comes back as the caller's real state plus `error`/`errorName`, and it never rejects.
 */
export function authStateMethods(rt: AuthRuntime, context: BlocksContext) {
  return {
    async getAuthState(): Promise<AuthBasicState> {
      return withPasswordRules(await currentState(rt, context, true), rt.options.passwordPolicy);
    },

    async setAuthState(input?: unknown): Promise<AuthBasicState> {
      let action: string | undefined;
      try {
        const fields = parseInput(input);
        action = fields.action;
        return withPasswordRules(await perform(rt, context, fields), rt.options.passwordPolicy);
      } catch (error) {
        return withPasswordRules(await recover(rt, context, error, action), rt.options.passwordPolicy);
      }
    },
  };
}

/** The caller's state from the request's cookies; `withFlow: false` ignores a pending confirmation. */
export async function currentState(
  rt: SessionRuntime,
  context: BlocksContext,
  withFlow: boolean,
): Promise<AuthBasicState> {
  const resolved = await resolveSession(rt, context);
  if (resolved) {
    const user = toAuthBasicUser(resolved.username, resolved.createdAt);
    return signedInState(user, rt.options.accountActions);
  }
  if (withFlow && rt.options.codeDelivery) {
    const token = rt.cookies.readFlow(context);
    const flow = token ? await verifyFlowToken(token, rt.keys, rt.issuer, Math.floor(rt.now() / 1000)) : null;
    if (flow?.flow === 'signUp') return confirmingSignUpState(flow.username);
    if (flow?.flow === 'resetPassword') return confirmingPasswordResetState(flow.username);
  }
  return signedOutState(rt.options.codeDelivery !== undefined);
}

function parseInput(input: unknown): ActionInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidParameter('setAuthState takes one object: { action, ...fields }');
  }
  const fields = input as Record<string, unknown>;
  if (fields.action === undefined || fields.action === null) throw invalidParameter('action is required');
  if (typeof fields.action !== 'string') throw invalidParameter('action must be a string');
  if (typeof fields.data === 'object' && fields.data !== null) {
    throw invalidParameter(
      'setAuthState takes the fields flat ({ action, username, … }), not { action, data }',
    );
  }
  return fields as ActionInput;
}

async function perform(rt: AuthRuntime, context: BlocksContext, input: ActionInput): Promise<AuthBasicState> {
  const codeDelivery = rt.options.codeDelivery !== undefined;
  if (SIGNED_OUT_ACTIONS.has(input.action)) rt.cookies.clearFlow(context);
  switch (input.action) {
    case 'signIn': {
      const user = await signIn(rt, context, input.username, input.password);
      return signedInState(user, rt.options.accountActions);
    }
    case 'signUp': {
      const outcome = await signUp(rt, input.username, input.password);
      try {
        if (outcome.kind === 'created') {
          const user = await startSession(rt, context, outcome.username, outcome.record);
          return signedInState(user, rt.options.accountActions);
        }
        await setFlow(rt, context, 'signUp', outcome.username);
        return confirmingSignUpState(outcome.username);
      } catch (error) {
        // All or nothing: a sign-up that answers an error leaves no account behind.
        outcome.undo?.();
        throw error;
      }
    }
    case 'confirmSignUp': {
      const user = await confirmSignUpAndSignIn(rt, context, {
        username: input.username,
        code: input.code,
        password: input.password,
      });
      return signedInState(user, rt.options.accountActions);
    }
    case 'resendSignUpCode': {
      await resendSignUpCode(rt, input.username);
      const username = usernameInput(rt, input.username);
      await setFlow(rt, context, 'signUp', username);
      return confirmingSignUpState(username);
    }
    case 'signOut':
      await signOut(rt, context, input.everywhere === true);
      return signedOutState(codeDelivery);
    case 'resetPassword': {
      await resetPassword(rt, input.username);
      const username = usernameInput(rt, input.username);
      await setFlow(rt, context, 'resetPassword', username);
      return confirmingPasswordResetState(username);
    }
    case 'confirmResetPassword':
      await confirmResetPassword(rt, input.username, input.code, input.newPassword, context);
      rt.cookies.clearFlow(context);
      return currentState(rt, context, false);
    case 'changePassword': {
      const user = await changePassword(rt, context, input.currentPassword, input.newPassword);
      return signedInState(user, rt.options.accountActions);
    }
    case 'deleteAccount':
      await deleteAccount(rt, context, input.password);
      rt.cookies.clearFlow(context);
      return signedOutState(codeDelivery);
    default:
      // a plain error (no errorName); the name is echoed only when it looks like an action name.
      throw plainError(ACTION_NAME.test(input.action) ? `Unknown action: ${input.action}` : 'Unknown action');
  }
}

async function setFlow(
  rt: Pick<AuthRuntime, 'cookies' | 'issuer' | 'keys' | 'now'>,
  context: BlocksContext,
  flow: PendingFlow,
  username: string,
): Promise<void> {
  const key = await rt.keys.current();
  const token = await signFlowToken(
    key,
    rt.issuer,
    { flow, username },
    Math.floor(rt.now() / 1000),
    CODE_TTL_SECONDS,
  );
  rt.cookies.setFlow(context, token, CODE_TTL_SECONDS);
}

/**
 * D-17: the caller's real state with the error folded in. Actions of the signed-out form are judged
 * against the session alone; the others keep a pending confirmation, so a wrong code leaves the user
 * on the confirmation form. If even that state cannot be computed (engine down), `signedOut`.
 */
async function recover(
  rt: SessionRuntime & Pick<AuthRuntime, 'events'>,
  context: BlocksContext,
  error: unknown,
  action: string | undefined,
): Promise<AuthBasicState> {
  let base: AuthBasicState;
  try {
    base = await currentState(rt, context, action === undefined || !SIGNED_OUT_ACTIONS.has(action));
  } catch (recoveryError) {
    rt.events.error('setAuthState could not recompute the caller state', recoveryError);
    base = signedOutState(rt.options.codeDelivery !== undefined);
  }
  // The same mapping as an RPC error; production wording, since the state is shown to end users.
  const wire = toWireError(error, false);
  const retryAfter = retryAfterFor(wire);
  if (retryAfter !== undefined) context.response.headers.set('retry-after', retryAfter);
  if (wire.unexpected) rt.events.error(`setAuthState ${action ?? '(no action)'} failed`, error);
  return withError(base, { message: wire.message, name: wire.name, retriable: wire.retriable });
}
