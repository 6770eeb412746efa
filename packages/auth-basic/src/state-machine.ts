import type { AuthAction, AuthField, AuthState } from '@blockyard/auth-common';
import { DEFAULT_API_ERROR_NAME } from '@blockyard/core';
import type { ResolvedPasswordPolicy } from './password/password-policy.js';
import { describePasswordPolicy } from './password/password-policy-description.js';
import type { AuthBasicUser } from './runtime.js';

/** The states AuthBasic produces. */
export type AuthBasicState = AuthState<AuthBasicUser>;

/** The actions `setAuthState` accepts (D-16, D-18 add to R-639). */
export const ACTIONS = [
  'signIn',
  'signUp',
  'confirmSignUp',
  'resendSignUpCode',
  'signOut',
  'resetPassword',
  'confirmResetPassword',
  'changePassword',
  'deleteAccount',
] as const;

/** One of {@link ACTIONS}. */
export type AuthBasicAction = (typeof ACTIONS)[number];

/** Actions that start from the `signedOut` state; they leave any pending confirmation behind. */
export const SIGNED_OUT_ACTIONS: ReadonlySet<string> = new Set(['signIn', 'signUp', 'resetPassword']);

function field(name: string, label: string, type: AuthField['type'], defaultValue?: string): AuthField {
  const f: AuthField = { name, label, type, required: true };
  if (defaultValue !== undefined) f.defaultValue = defaultValue;
  return f;
}

const username = (defaultValue?: string) => field('username', 'Username', 'text', defaultValue);
const password = () => field('password', 'Password', 'password');

// In a resend form the username is known when the state is: then it travels as a hidden field.
const knownUsername = (value?: string) =>
  value === undefined ? username() : field('username', 'Username', 'hidden', value);

const cancel = (): AuthAction => ({ name: 'signOut', label: 'Cancel', fields: [] });

/** sign in, create an account, and — with `codeDelivery` — reset a forgotten password. */
export function signedOutState(codeDelivery: boolean): AuthBasicState {
  const actions: AuthAction[] = [
    { name: 'signIn', label: 'Sign In', fields: [username(), password()] },
    { name: 'signUp', label: 'Create Account', fields: [username(), password()] },
  ];
  if (codeDelivery) {
    actions.push({ name: 'resetPassword', label: 'Forgot Password', fields: [username()] });
  }
  return { state: 'signedOut', actions };
}

/** R-634, plus `changePassword` and `deleteAccount` with `accountActions` (D-18). */
export function signedInState(user: AuthBasicUser, accountActions: boolean): AuthBasicState {
  const actions: AuthAction[] = [{ name: 'signOut', label: 'Sign Out', fields: [] }];
  if (accountActions) {
    actions.push(
      {
        name: 'changePassword',
        label: 'Change Password',
        fields: [
          field('currentPassword', 'Current Password', 'password'),
          field('newPassword', 'New Password', 'password'),
        ],
      },
      { name: 'deleteAccount', label: 'Delete Account', fields: [password()] },
    );
  }
  return { state: 'signedIn', user, actions };
}

/**
 * R-635 with D-16: the confirmation form (username pre-filled when known), a way to get a new code,
 * and a way back to signing in.
 */
export function confirmingSignUpState(name?: string): AuthBasicState {
  return {
    state: 'confirmingSignUp',
    actions: [
      {
        name: 'confirmSignUp',
        label: 'Confirm Account',
        fields: [username(name), field('code', 'Verification Code', 'text'), password()],
      },
      { name: 'resendSignUpCode', label: 'Resend Code', fields: [knownUsername(name)] },
      cancel(),
    ],
  };
}

/** R-636 with D-16: the reset form (username pre-filled when known), resend, and a way back. */
export function confirmingPasswordResetState(name?: string): AuthBasicState {
  return {
    state: 'confirmingPasswordReset',
    actions: [
      {
        name: 'confirmResetPassword',
        label: 'Reset Password',
        fields: [
          username(name),
          field('code', 'Reset Code', 'text'),
          field('newPassword', 'New Password', 'password'),
        ],
      },
      { name: 'resetPassword', label: 'Resend Code', fields: [knownUsername(name)] },
      cancel(),
    ],
  };
}

// The fields where the user chooses a new password, by action (D-28).
const CREATES_PASSWORD: Readonly<Record<string, string>> = {
  signUp: 'password',
  confirmResetPassword: 'newPassword',
  changePassword: 'newPassword',
};

/** `state` with `description` (the password policy in words) on every field that creates a password (D-28). */
export function withPasswordRules(state: AuthBasicState, policy: ResolvedPasswordPolicy): AuthBasicState {
  const description = describePasswordPolicy(policy);
  return {
    ...state,
    actions: state.actions.map((action) => {
      const target = CREATES_PASSWORD[action.name];
      if (!target) return action;
      return {
        ...action,
        fields: action.fields.map((f) => (f.name === target ? { ...f, description } : f)),
      };
    }),
  };
}

/**
 * A state carrying a wire error (from `toWireError`) of a failed action: `errorName` only for
 * named errors, so a plain `ApiError` carries none.
 */
export function withError(
  base: AuthBasicState,
  error: { message: string; name?: string | undefined; retriable?: boolean },
): AuthBasicState {
  const state: AuthBasicState = { ...base, error: error.message };
  if (error.name && error.name !== DEFAULT_API_ERROR_NAME) state.errorName = error.name;
  if (error.retriable === true) state.retriable = true;
  return state;
}
