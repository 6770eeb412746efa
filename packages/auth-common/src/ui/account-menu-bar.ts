import type { AuthState } from '../types.js';
import { cacheOf, hydrate, setState, subscribe } from './auth-cache.js';
import { Authenticator, type AuthUiElement, assertAuthApi } from './authenticator.js';
import { broadcastAuthChange } from './broadcast.js';
import { h } from './dom.js';
import type { AuthenticatorOptions, AuthUiApi } from './options.js';
import { ensureStyles } from './styles.js';

/**
 * A menu bar: signed in, the username and a Sign Out button; signed out, a Sign In button
 * opening a dialog with an {@link Authenticator}. The dialog closes on its ✕, on Escape, on a click
 * on the backdrop, or once someone is signed in; focus returns to the Sign In button.
 */
export function AccountMenuBar(api: AuthUiApi, options: AuthenticatorOptions = {}): AuthUiElement {
  assertAuthApi(api, 'AccountMenuBar');
  ensureStyles();
  const root = h('div', {
    class: 'blocks-auth blocks-auth-menu',
    'data-testid': 'account-menu',
  }) as AuthUiElement;
  let modal: { backdrop: HTMLElement; authenticator: AuthUiElement; inert: Element[] } | undefined;
  let opener: HTMLButtonElement | undefined;

  const closeModal = () => {
    if (!modal) return;
    modal.authenticator.dispose();
    modal.backdrop.remove();
    for (const element of modal.inert) element.removeAttribute('inert');
    modal = undefined;
    document.removeEventListener('keydown', onKey);
    opener?.focus();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') closeModal();
  };

  const openModal = () => {
    const authenticator = Authenticator(api, options);
    const close = h(
      'button',
      {
        type: 'button',
        class: 'blocks-auth-secondary blocks-auth-close',
        'aria-label': 'Close',
        'data-testid': 'account-menu-modal-close',
      },
      '✕',
    );
    close.addEventListener('click', closeModal);
    const dialog = h(
      'div',
      { class: 'blocks-auth-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Sign in' },
      close,
      authenticator,
    );
    const backdrop = h(
      'div',
      { class: 'blocks-auth blocks-auth-backdrop', 'data-testid': 'account-menu-modal' },
      dialog,
    );
    backdrop.addEventListener('click', (event) => {
      if (event.target === backdrop) closeModal();
    });
    // Modal for real: the rest of the page leaves the focus order and the accessibility tree.
    const inert = Array.from(document.body.children).filter((element) => !element.hasAttribute('inert'));
    for (const element of inert) element.setAttribute('inert', '');
    document.body.append(backdrop);
    document.addEventListener('keydown', onKey);
    modal = { backdrop, authenticator, inert };
    (authenticator.querySelector('input:not([type=hidden])') as HTMLElement | null)?.focus();
  };

  const signOut = async (button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      const state = await api.setAuthState({ action: 'signOut' });
      setState(api, state);
      broadcastAuthChange(state.user ?? null);
    } finally {
      button.disabled = false;
    }
  };

  let shown: AuthState | undefined;
  const paint = (state: AuthState) => {
    if (state === shown) return;
    shown = state;
    if (state.user) {
      closeModal();
      const out = h('button', { type: 'button', 'data-testid': 'account-menu-signout' }, 'Sign Out');
      out.addEventListener('click', () => void signOut(out));
      root.replaceChildren(
        h('span', { 'data-testid': 'account-menu-username' }, `👤 ${state.user.username}`),
        out,
      );
      opener = undefined;
    } else {
      const open = h(
        'button',
        { type: 'button', 'aria-haspopup': 'dialog', 'data-testid': 'account-menu-signin' },
        'Sign In',
      );
      open.addEventListener('click', openModal);
      opener = open;
      root.replaceChildren(open);
    }
  };

  const cached = cacheOf(api).state;
  if (cached) paint(cached);
  const unsubscribe = subscribe(api, paint);
  hydrate(api).then(
    (state) => paint(state),
    () => {},
  );
  root.dispose = () => {
    unsubscribe();
    closeModal();
  };
  return root;
}
