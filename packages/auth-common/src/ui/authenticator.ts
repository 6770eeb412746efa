import type { AuthAction, AuthState } from '../types.js';
import { cacheOf, hydrate, setState, subscribe } from './auth-cache.js';
import { broadcastAuthChange } from './broadcast.js';
import { h } from './dom.js';
import type { AuthenticatorOptions, AuthUiApi } from './options.js';
import { renderAction } from './render-action.js';
import { ensureStyles } from './styles.js';

const DEFAULT_ERROR = 'An error occurred';

/** An element of the auth UI; `dispose()` stops its subscriptions once it is removed for good. */
export type AuthUiElement = HTMLDivElement & { dispose(): void };

/** Throws when `api` is not an auth namespace (a developer's mistake, reported at once). */
export function assertAuthApi(api: unknown, who: string): asserts api is AuthUiApi {
  const candidate = api as Partial<AuthUiApi> | null;
  if (typeof candidate?.getAuthState !== 'function' || typeof candidate?.setAuthState !== 'function') {
    throw new TypeError(`${who}: expected the auth namespace client (with getAuthState and setAuthState)`);
  }
}

function errorOf(error: unknown): { message: string; retriable: boolean } {
  const e = error as { message?: unknown; retriable?: unknown } | null;
  const message = typeof e?.message === 'string' && e.message !== '' ? e.message : DEFAULT_ERROR;
  return { message, retriable: e?.retriable === true };
}

/**
 * The sign-in form of an auth block (R-711…R-717): renders whatever state the server reports (sign
 * in, create account, confirm, reset, signed in) with the actions it offers, performs them with
 * `setAuthState`, and keeps every other Authenticator, menu and tab in step.
 */
export function Authenticator(api: AuthUiApi, options: AuthenticatorOptions = {}): AuthUiElement {
  assertAuthApi(api, 'Authenticator');
  ensureStyles();
  const root = h('div', {
    class: 'blocks-auth blocks-auth-card',
    'data-testid': 'authenticator',
  }) as AuthUiElement;
  const hidden = new Set(options.hideActions ?? []);
  let shown: AuthState | undefined;
  let kept: { action: string; values: Record<string, string> } | undefined;
  let moveFocus = false;
  let busy = false;

  async function perform(action: AuthAction, values: Record<string, string>): Promise<void> {
    if (busy) return;
    const current = shown ?? { state: 'signedOut', actions: [action] };
    busy = true;
    root.setAttribute('aria-busy', 'true');
    for (const button of Array.from(root.querySelectorAll('button'))) button.disabled = true;
    kept = { action: action.name, values };
    moveFocus = true;
    try {
      const result = await api.setAuthState({ action: action.name, ...values });
      if (result.retriable === true) {
        paint({
          ...current,
          error: result.error ?? DEFAULT_ERROR,
          errorName: result.errorName,
          retriable: true,
        });
        return;
      }
      setState(api, result);
      broadcastAuthChange(result.user ?? null);
    } catch (error) {
      const { message, retriable } = errorOf(error);
      paint(
        retriable
          ? { ...current, error: message }
          : { state: 'signedOut', actions: [action], error: message },
      );
    } finally {
      busy = false;
      root.removeAttribute('aria-busy');
      for (const button of Array.from(root.querySelectorAll('button'))) button.disabled = false;
    }
  }

  function paint(state: AuthState): void {
    shown = state;
    const actions = state.actions.filter((action) => !hidden.has(action.name));
    const first = actions[0];
    const heading =
      state.state === 'signedIn'
        ? h('h3', { 'data-testid': 'authenticator-signed-in' }, `Signed in as: ${state.user?.username ?? ''}`)
        : h(
            'h3',
            { 'data-testid': 'authenticator-heading' },
            (first && options.actions?.[first.name]?.heading) ??
              options.headings?.[state.state] ??
              'Authentication',
          );
    const error = state.error
      ? h(
          'div',
          {
            class: 'blocks-auth-error',
            role: 'alert',
            'aria-live': 'assertive',
            'data-testid': 'authenticator-error',
          },
          state.error,
        )
      : null;
    const keepValues = state.error ? kept : undefined;
    const forms = actions.map((action, index) =>
      renderAction({
        action,
        override: options.actions?.[action.name],
        kept: keepValues?.action === action.name ? keepValues.values : undefined,
        primary: index === 0,
        submit: (values) => perform(action, values),
      }),
    );
    root.replaceChildren(...[heading, error, ...forms].filter((node): node is HTMLElement => node !== null));
    if (moveFocus) focusAfterChange(state);
    if (actions.length === 1 && first?.name === 'autoSignIn') void autoChain(first);
  }

  // After an action the keyboard user continues where the answer needs them: at the first empty
  // input of the form (a wrong password), or at the first control of the new state.
  function focusAfterChange(state: AuthState): void {
    moveFocus = false;
    const inputs = Array.from(root.querySelectorAll<HTMLInputElement>('input:not([type=hidden])'));
    const target =
      (state.error ? inputs.find((input) => input.value === '') : undefined) ??
      inputs[0] ??
      root.querySelector('button');
    target?.focus();
  }

  async function autoChain(action: AuthAction): Promise<void> {
    const values: Record<string, string> = {};
    for (const field of action.fields) values[field.name] = field.defaultValue ?? '';
    try {
      const result = await api.setAuthState({ action: action.name, ...values });
      setState(api, result);
      broadcastAuthChange(result.user ?? null);
    } catch (error) {
      paint({ state: 'signedOut', actions: [], error: errorOf(error).message });
    }
  }

  // A first load that fails (server down, offline) shows its error and a way to try again.
  function load(): void {
    hydrate(api).then(
      (state) => {
        if (state !== shown) paint(state);
      },
      (error: unknown) => {
        if (shown?.actions.length) return;
        paint({ state: 'signedOut', actions: [], error: errorOf(error).message });
        const retry = h('button', { type: 'button', class: 'blocks-auth-secondary' }, 'Try again');
        retry.addEventListener('click', load);
        root.append(retry);
      },
    );
  }

  const cache = cacheOf(api);
  if (cache.state) paint(cache.state);
  const unsubscribe = subscribe(api, paint);
  load();
  root.dispose = unsubscribe;
  return root;
}
