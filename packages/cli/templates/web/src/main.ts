// The page: an Authenticator, a profile panel that calls the protected
// `api.getProfile`, and an account menu with sign-out, all kept in step across tabs.

import { ApiError } from '@aws-blocks/blocks/client';
import { AccountMenuBar, AuthenticatedContent, Authenticator } from '@aws-blocks/blocks/ui';
import { api, authApi } from 'aws-blocks';

function text(tag: string, content: string, attributes: Record<string, string> = {}): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = content;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** The profile of the signed-in user, loaded from the protected API. */
function profilePanel(): HTMLElement {
  const panel = document.createElement('div');
  panel.className = 'profile';
  panel.setAttribute('data-testid', 'profile');
  panel.setAttribute('aria-live', 'polite');
  panel.append(text('p', 'Loading your profile…'));
  api.getProfile().then(
    (profile) => {
      const list = document.createElement('dl');
      list.append(
        text('dt', 'Username'),
        text('dd', profile.username, { 'data-testid': 'profile-username' }),
        text('dt', 'Member since'),
        text('dd', new Date(profile.createdAt).toLocaleString()),
      );
      panel.replaceChildren(list);
    },
    (error: unknown) => {
      const signedOut = error instanceof ApiError && error.status === 401;
      const message = signedOut ? 'Your session has ended. Sign in again.' : 'Could not load the profile.';
      panel.replaceChildren(text('p', message, { role: 'alert', 'data-testid': 'profile-error' }));
    },
  );
  return panel;
}

document.getElementById('account')?.append(AccountMenuBar(authApi, { layout: 'tabs' }));
document.getElementById('authenticator')?.append(
  Authenticator(authApi, {
    layout: 'tabs',
    headings: {
      signedOut: 'Sign in or create an account',
      confirmingSignUp: 'Confirm your account',
      confirmingPasswordReset: 'Choose a new password',
    },
  }),
);
document
  .getElementById('profile')
  ?.append(AuthenticatedContent(authApi, profilePanel, text('p', 'Sign in to see your profile.')));
