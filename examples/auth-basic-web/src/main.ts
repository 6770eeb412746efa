// The page of the web example: an Authenticator, a profile panel that calls the protected
// `api.getProfile`, and an account menu with sign-out, all kept in step across tabs.

import { ApiError } from '@aws-blocks/blocks/client';
import { AccountMenuBar, AuthenticatedContent, Authenticator } from '@aws-blocks/blocks/ui';
import { api, authApi } from 'aws-blocks';

const APP = 'Blockyard example';

// One title per state, so the tab (and a screen reader's page title) says where the user is.
const TITLES: Record<string, string> = {
  signedOut: 'Sign in',
  confirmingSignUp: 'Confirm your account',
  confirmingPasswordReset: 'Choose a new password',
  signedIn: 'Your profile',
};

function text(tag: string, content: string, attributes: Record<string, string> = {}): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = content;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** The profile of the signed-in user, loaded from the protected API. */
function profileCard(): HTMLElement {
  const card = document.createElement('div');
  card.className = 'profile';
  card.setAttribute('data-testid', 'profile');
  card.setAttribute('aria-live', 'polite');
  card.append(text('p', 'Loading your profile…', { class: 'muted' }));
  api.getProfile().then(
    (profile) => {
      const avatar = text('span', profile.username.slice(0, 1).toUpperCase(), {
        class: 'avatar',
        'aria-hidden': 'true',
      });
      const name = text('p', profile.username, { class: 'name', 'data-testid': 'profile-username' });
      const since = new Date(profile.createdAt).toLocaleDateString(undefined, { dateStyle: 'long' });
      const list = document.createElement('dl');
      list.append(
        text('dt', 'Username'),
        text('dd', profile.username),
        text('dt', 'Member since'),
        text('dd', since),
      );
      const head = document.createElement('div');
      head.className = 'profile-head';
      head.append(avatar, name);
      card.replaceChildren(head, list);
    },
    (error: unknown) => {
      const signedOut = error instanceof ApiError && error.status === 401;
      const message = signedOut ? 'Your session has ended. Sign in again.' : 'Could not load the profile.';
      card.replaceChildren(text('p', message, { role: 'alert', 'data-testid': 'profile-error' }));
    },
  );
  return card;
}

const options = { layout: 'tabs' } as const;
document.getElementById('account')?.append(AccountMenuBar(authApi, options));
document.getElementById('authenticator')?.append(
  Authenticator(authApi, {
    ...options,
    onStateChange(state) {
      document.title = `${TITLES[state.state] ?? 'Account'} · ${APP}`;
    },
  }),
);
document
  .getElementById('profile')
  ?.append(
    AuthenticatedContent(
      authApi,
      profileCard,
      text('p', 'Sign in to see your profile.', { class: 'profile muted' }),
    ),
  );
