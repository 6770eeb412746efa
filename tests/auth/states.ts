/**
 * @module tests/auth/states — the exact auth states and error names of reference-spec §6.2/§6.8 as
 * amended by ARCHITECTURE D-14…D-17, and assertions over them.
 */
import assert from 'node:assert/strict';
import type { Reply } from './support.js';

/** Error names the auth flows can report (R-605 plus D-12/D-14). */
export const Errors = {
  InvalidCredentials: 'InvalidCredentialsException',
  UserAlreadyExists: 'UserAlreadyExistsException',
  InvalidCode: 'InvalidCodeException',
  SessionExpired: 'SessionExpiredException',
  InvalidPassword: 'InvalidPasswordException',
  TooManyAttempts: 'TooManyAttemptsException',
  InvalidParameter: 'InvalidParameterException',
} as const;

const USERNAME = { name: 'username', label: 'Username', type: 'text', required: true };
const PASSWORD = { name: 'password', label: 'Password', type: 'password', required: true };

/** the `signedOut` state; with `codeDelivery` the `resetPassword` action is appended. */
export function signedOutState(codeDelivery: boolean): Record<string, unknown> {
  const actions: unknown[] = [
    { name: 'signIn', label: 'Sign In', fields: [USERNAME, PASSWORD] },
    { name: 'signUp', label: 'Create Account', fields: [USERNAME, PASSWORD] },
  ];
  if (codeDelivery) actions.push({ name: 'resetPassword', label: 'Forgot Password', fields: [USERNAME] });
  return { state: 'signedOut', actions };
}

/** the `signedIn` state of `username` (without `accountActions`). */
export function signedInState(username: string, createdAt: string): Record<string, unknown> {
  return {
    state: 'signedIn',
    user: { userId: username, username, createdAt },
    actions: [{ name: 'signOut', label: 'Sign Out', fields: [] }],
  };
}

/** The RPC `result` of a reply, after checking the call answered 200 with a result (never an error). */
// biome-ignore lint/suspicious/noExplicitAny: states are inspected field by field
export function resultOf(reply: Reply): any {
  assert.equal(reply.status, 200, `HTTP ${reply.status}: ${reply.text.slice(0, 300)}`);
  assert.ok(reply.body && 'result' in reply.body, `expected a result, got ${reply.text.slice(0, 300)}`);
  return reply.body.result;
}

/** The RPC `error` of a reply, after checking it answered 200 with an error. */
// biome-ignore lint/suspicious/noExplicitAny: errors are inspected field by field
export function errorOf(reply: Reply): any {
  assert.equal(reply.status, 200, `HTTP ${reply.status}: ${reply.text.slice(0, 300)}`);
  assert.ok(reply.body && 'error' in reply.body, `expected an error, got ${reply.text.slice(0, 300)}`);
  return reply.body.error;
}

/** Asserts a signed-in state for `username` and returns it. */
// biome-ignore lint/suspicious/noExplicitAny: see resultOf
export function expectSignedIn(reply: Reply, username: string): any {
  const state = resultOf(reply);
  assert.equal(state.state, 'signedIn', `expected signedIn, got ${JSON.stringify(state)}`);
  assert.equal(state.user?.username, username);
  assert.equal(state.error, undefined, `unexpected error ${state.error} (${state.errorName})`);
  return state;
}

/**
 * The state without the additive `description` of the password-creating fields (D-28), after
 * checking that exactly those fields carry one: the sign-up password, and the new password of a
 * reset or a change.
 */
// biome-ignore lint/suspicious/noExplicitAny: see resultOf
export function withoutDescriptions(state: any): any {
  const creates: Record<string, string> = {
    signUp: 'password',
    confirmResetPassword: 'newPassword',
    changePassword: 'newPassword',
  };
  return {
    ...state,
    // biome-ignore lint/suspicious/noExplicitAny: see resultOf
    actions: state.actions.map((action: any) => ({
      ...action,
      // biome-ignore lint/suspicious/noExplicitAny: see resultOf
      fields: action.fields.map(({ description, ...field }: any) => {
        if (creates[action.name] === field.name) {
          assert.equal(typeof description, 'string', `${action.name}.${field.name} describes the policy`);
        } else {
          assert.equal(description, undefined, `${action.name}.${field.name} has no description`);
        }
        return field;
      }),
    })),
  };
}

/** Asserts the exact `signedOut` state of R-633 (no error, plus D-28's descriptions) and returns it. */
// biome-ignore lint/suspicious/noExplicitAny: see resultOf
export function expectSignedOut(reply: Reply, codeDelivery: boolean): any {
  const state = resultOf(reply);
  assert.deepEqual(withoutDescriptions(state), signedOutState(codeDelivery));
  return state;
}

/**
 * Asserts a failed action: the state `expectedState` (the caller's real state, D-17) with a non-empty
 * `error` and `errorName === name`; returns the state.
 */
export function expectAuthError(
  reply: Reply,
  name: string,
  expectedState = 'signedOut',
  // biome-ignore lint/suspicious/noExplicitAny: see resultOf
): any {
  const state = resultOf(reply);
  assert.equal(state.errorName, name, `expected ${name}, got ${JSON.stringify(state)}`);
  assert.equal(typeof state.error, 'string');
  assert.ok(state.error.length > 0);
  assert.equal(state.state, expectedState, `expected state ${expectedState}, got ${JSON.stringify(state)}`);
  return state;
}

/** One action of a state, as the client sees it. */
interface OfferedAction {
  name: string;
  label: string;
  fields: { name: string; label: string; type: string; required: boolean; defaultValue?: unknown }[];
}

/**
 * Asserts that `state` offers the action `name` with `label` and exactly `fields`, each given as
 * `[name, label, type, required]`; returns the action.
 */
function expectAction(
  state: { actions: OfferedAction[] },
  name: string,
  label: string,
  fields: [string, string, string, boolean][],
): OfferedAction {
  const action = state.actions.find((a) => a.name === name);
  assert.ok(action, `${name} action offered`);
  assert.equal(action.label, label);
  assert.deepEqual(
    action.fields.map((f) => [f.name, f.label, f.type, f.required]),
    fields,
  );
  return action;
}

/** Asserts the `confirmingSignUp` state (R-635 + D-16: resend offered, username pre-filled). */
// biome-ignore lint/suspicious/noExplicitAny: see resultOf
export function expectConfirmingSignUp(reply: Reply, username: string): any {
  const state = resultOf(reply);
  assert.equal(state.state, 'confirmingSignUp', `expected confirmingSignUp, got ${JSON.stringify(state)}`);
  assert.equal(state.error, undefined, `unexpected error ${state.error} (${state.errorName})`);
  assert.equal(state.user, undefined);
  const confirm = expectAction(state, 'confirmSignUp', 'Confirm Account', [
    ['username', 'Username', 'text', true],
    ['code', 'Verification Code', 'text', true],
    ['password', 'Password', 'password', true],
  ]);
  assert.equal(confirm.fields[0]?.defaultValue, username, 'username pre-filled (D-16)');
  assert.ok(
    state.actions.some((a: { name: string }) => a.name === 'resendSignUpCode'),
    'resendSignUpCode offered (D-16)',
  );
  return state;
}

/** Asserts the `confirmingPasswordReset` state of R-636 (fields and labels). */
// biome-ignore lint/suspicious/noExplicitAny: see resultOf
export function expectConfirmingReset(reply: Reply): any {
  const state = resultOf(reply);
  assert.equal(
    state.state,
    'confirmingPasswordReset',
    `expected confirmingPasswordReset, got ${JSON.stringify(state)}`,
  );
  assert.equal(state.error, undefined, `unexpected error ${state.error} (${state.errorName})`);
  expectAction(state, 'confirmResetPassword', 'Reset Password', [
    ['username', 'Username', 'text', true],
    ['code', 'Reset Code', 'text', true],
    ['newPassword', 'New Password', 'password', true],
  ]);
  return state;
}
