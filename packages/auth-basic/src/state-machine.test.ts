import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PASSWORD_POLICY } from './password/password-policy.js';

import { describePasswordPolicy } from './password/password-policy-description.js';
import {
  confirmingPasswordResetState,
  confirmingSignUpState,
  signedInState,
  signedOutState,
  withError,
  withPasswordRules,
} from './state-machine.js';

const USERNAME = { name: 'username', label: 'Username', type: 'text', required: true };
const PASSWORD = { name: 'password', label: 'Password', type: 'password', required: true };

describe('auth states (R-633…R-637, D-16, D-18)', () => {
  it('signedOut is exactly R-633, with resetPassword only when codes can be delivered', () => {
    assert.equal(
      JSON.stringify(signedOutState(false)),
      '{"state":"signedOut","actions":[{"name":"signIn","label":"Sign In","fields":[{"name":"username","label":"Username","type":"text","required":true},{"name":"password","label":"Password","type":"password","required":true}]},{"name":"signUp","label":"Create Account","fields":[{"name":"username","label":"Username","type":"text","required":true},{"name":"password","label":"Password","type":"password","required":true}]}]}',
    );
    assert.deepEqual(signedOutState(true).actions[2], {
      name: 'resetPassword',
      label: 'Forgot Password',
      fields: [USERNAME],
    });
  });

  it('signedIn is exactly R-634, user keys in the order userId, username, createdAt', () => {
    const user = { userId: 'alice', username: 'alice', createdAt: '2030-01-01T00:00:00.000Z' };
    assert.equal(
      JSON.stringify(signedInState(user, false)),
      '{"state":"signedIn","user":{"userId":"alice","username":"alice","createdAt":"2030-01-01T00:00:00.000Z"},"actions":[{"name":"signOut","label":"Sign Out","fields":[]}]}',
    );
  });

  it('signedIn advertises changePassword and deleteAccount only with accountActions', () => {
    const user = { userId: 'a', username: 'a', createdAt: 'x' };
    assert.deepEqual(
      signedInState(user, true).actions.map((a) => [a.name, a.label, a.fields.map((f) => [f.name, f.type])]),
      [
        ['signOut', 'Sign Out', []],
        [
          'changePassword',
          'Change Password',
          [
            ['currentPassword', 'password'],
            ['newPassword', 'password'],
          ],
        ],
        ['deleteAccount', 'Delete Account', [['password', 'password']]],
      ],
    );
  });

  it('confirmingSignUp has the R-635 form, the username pre-filled, resend and cancel', () => {
    const state = confirmingSignUpState('alice');
    assert.equal(state.state, 'confirmingSignUp');
    assert.equal(state.user, undefined);
    assert.deepEqual(state.actions[0], {
      name: 'confirmSignUp',
      label: 'Confirm Account',
      fields: [
        { ...USERNAME, defaultValue: 'alice' },
        { name: 'code', label: 'Verification Code', type: 'text', required: true },
        PASSWORD,
      ],
    });
    assert.deepEqual(state.actions[1], {
      name: 'resendSignUpCode',
      label: 'Resend Code',
      fields: [
        { name: 'username', label: 'Username', type: 'hidden', required: true, defaultValue: 'alice' },
      ],
    });
    assert.deepEqual(state.actions[2], { name: 'signOut', label: 'Cancel', fields: [] });
    assert.deepEqual(confirmingSignUpState().actions[1]?.fields, [USERNAME]);
    assert.equal(confirmingSignUpState().actions[0]?.fields[0]?.defaultValue, undefined);
  });

  it('confirmingPasswordReset has the R-636 form, the username pre-filled, resend and cancel', () => {
    const state = confirmingPasswordResetState('bob');
    assert.deepEqual(state.actions[0], {
      name: 'confirmResetPassword',
      label: 'Reset Password',
      fields: [
        { ...USERNAME, defaultValue: 'bob' },
        { name: 'code', label: 'Reset Code', type: 'text', required: true },
        { name: 'newPassword', label: 'New Password', type: 'password', required: true },
      ],
    });
    assert.deepEqual(
      state.actions.slice(1).map((a) => a.name),
      ['resetPassword', 'signOut'],
    );
  });

  it('never uses url, method or capability', () => {
    const user = { userId: 'a', username: 'a', createdAt: 'x' };
    for (const state of [
      signedOutState(true),
      signedInState(user, true),
      confirmingSignUpState('a'),
      confirmingPasswordResetState(),
    ]) {
      for (const action of state.actions) {
        assert.deepEqual(Object.keys(action), ['name', 'label', 'fields']);
      }
    }
  });

  it('folds an error in with errorName only for named errors, and retriable only when set', () => {
    const base = signedOutState(false);
    assert.deepEqual(withError(base, { message: 'Unknown action: x', name: 'ApiError' }), {
      ...base,
      error: 'Unknown action: x',
    });
    assert.deepEqual(
      withError(base, { message: 'Invalid username or password', name: 'InvalidCredentialsException' }),
      {
        ...base,
        error: 'Invalid username or password',
        errorName: 'InvalidCredentialsException',
      },
    );
    assert.deepEqual(
      withError(base, { message: 'wait', name: 'TooManyAttemptsException', retriable: true }),
      {
        ...base,
        error: 'wait',
        errorName: 'TooManyAttemptsException',
        retriable: true,
      },
    );
  });

  it('describes the policy on exactly the fields that create a password (D-28)', () => {
    const policy = { ...DEFAULT_PASSWORD_POLICY, minLength: 10 };
    const described = (state: ReturnType<typeof signedOutState>) =>
      withPasswordRules(state, policy).actions.flatMap((action) =>
        action.fields.filter((f) => f.description).map((f) => `${action.name}.${f.name}: ${f.description}`),
      );
    const rules = describePasswordPolicy(policy);
    assert.deepEqual(described(signedOutState(true)), [`signUp.password: ${rules}`]);
    assert.deepEqual(described(confirmingSignUpState('ada')), []);
    assert.deepEqual(described(confirmingPasswordResetState('ada')), [
      `confirmResetPassword.newPassword: ${rules}`,
    ]);
    const user = { userId: 'ada', username: 'ada', createdAt: '2030-01-01T00:00:00.000Z' };
    assert.deepEqual(described(signedInState(user, true)), [`changePassword.newPassword: ${rules}`]);
    assert.equal(
      signedOutState(true).actions[1]!.fields[1]!.description,
      undefined,
      'the input is not changed',
    );
  });
});
