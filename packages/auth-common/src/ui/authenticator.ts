import type { AuthAction, AuthState } from '../types.js';
import { cacheOf, hydrate, setState, subscribe } from './auth-cache.js';
import { broadcastAuthChange } from './broadcast.js';
import { h } from './dom.js';
import type { Failure, KeptValues, Layout, LayoutContext } from './layout.js';
import { defaultLayout } from './layout-default.js';
import { tabsLayout } from './layout-tabs.js';
import type { AuthenticatorOptions, AuthUiApi } from './options.js';
import { ensureStyles } from './styles.js';
import { runWebAuthn } from './webauthn.js';

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

function checkLayout(layout: unknown): Layout {
  if (layout === undefined || layout === 'default') return defaultLayout;
  if (layout === 'tabs') return tabsLayout();
  throw new TypeError(`Authenticator: layout must be 'default' or 'tabs', got ${JSON.stringify(layout)}`);
}

/**
 * The sign-in form of an auth block (R-711…R-717): renders whatever state the server reports (sign
 * in, create account, confirm, reset, signed in) with the actions it offers, performs them with
 * `setAuthState`, and keeps every other Authenticator, menu and tab in step. `layout: 'tabs'` draws
 * the Amplify-style layout; the default keeps the reference's structure (D-24).
 */
export function Authenticator(api: AuthUiApi, options: AuthenticatorOptions = {}): AuthUiElement {
  assertAuthApi(api, 'Authenticator');
  const layout = checkLayout(options.layout);
  ensureStyles();
  const root = h('div', {
    class: `blocks-auth blocks-auth-card${options.layout === 'tabs' ? ' blocks-auth-tabbed' : ''}`,
    'data-testid': 'authenticator',
  }) as AuthUiElement;
  const hidden = new Set(options.hideActions ?? []);
  let shown: AuthState | undefined;
  // The error is shown only by the Authenticator whose action caused it, only with the state that
  // answered it: another Authenticator (the account dialog) or a later paint starts clean.
  let failure: (Failure & { state: AuthState }) | undefined;
  let kept: KeptValues | undefined;
  // Values a layout hands to its next drawing (the username typed before opening the reset view).
  let carryOver: KeptValues | undefined;
  // The password typed at sign-up, kept in memory only while its confirmation form is shown.
  let carried: Record<string, string> | undefined;
  let moveFocus = false;
  let busy = false;

  const fail = (state: AuthState, action: string | undefined, message: string) => {
    failure = { state, action, message };
    return state;
  };

  async function perform(action: AuthAction, values: Record<string, string>): Promise<void> {
    if (busy) return;
    const current = shown ?? { state: 'signedOut', actions: [action] };
    busy = true;
    root.setAttribute('aria-busy', 'true');
    for (const button of Array.from(root.querySelectorAll('button'))) button.disabled = true;
    kept = { action: action.name, values };
    moveFocus = true;
    failure = undefined;
    try {
      const input = { ...values };
      if (action.capability) {
        try {
          input.credential = await runWebAuthn(action.capability, values);
        } catch (error) {
          const { message } = errorOf(error);
          paint(fail({ ...current, error: message }, action.name, message));
          return;
        }
      }
      const result = await api.setAuthState({ action: action.name, ...input });
      if (result.retriable === true) {
        const message = result.error ?? DEFAULT_ERROR;
        paint(
          fail(
            { ...current, error: message, errorName: result.errorName, retriable: true },
            action.name,
            message,
          ),
        );
        return;
      }
      if (action.name === 'signUp' && result.state === 'confirmingSignUp' && !result.error) {
        carried = values.password ? { password: values.password } : undefined;
      }
      if (result.error) fail(result, action.name, result.error);
      setState(api, result);
      broadcastAuthChange(result.user ?? null);
    } catch (error) {
      const { message, retriable } = errorOf(error);
      paint(
        fail(
          retriable
            ? { ...current, error: message }
            : { state: 'signedOut', actions: [action], error: message },
          action.name,
          message,
        ),
      );
    } finally {
      busy = false;
      root.removeAttribute('aria-busy');
      for (const button of Array.from(root.querySelectorAll('button'))) button.disabled = false;
    }
  }

  function heading(state: AuthState, actions: AuthAction[], fallback?: string): HTMLElement {
    if (state.state === 'signedIn') {
      // Focus lands here after signing in, so that a screen reader reads who is signed in.
      return h(
        'h3',
        { 'data-testid': 'authenticator-signed-in', tabindex: '-1' },
        `Signed in as: ${state.user?.username ?? ''}`,
      );
    }
    const first = actions[0];
    return h(
      'h3',
      { 'data-testid': 'authenticator-heading', tabindex: '-1' },
      (first && options.actions?.[first.name]?.heading) ??
        options.headings?.[state.state] ??
        fallback ??
        'Authentication',
    );
  }

  function context(state: AuthState): LayoutContext {
    const actions = state.actions.filter((action) => !hidden.has(action.name));
    const shownFailure = failure?.state === state ? failure : undefined;
    const keepValues = shownFailure ? kept : carryOver;
    carryOver = undefined;
    if (state.state !== 'confirmingSignUp') carried = undefined;
    return {
      state,
      actions,
      options,
      failure: shownFailure,
      heading: (fallback) => heading(state, actions, fallback),
      view: (action, extra) => ({
        action,
        override: options.actions?.[action.name],
        kept: keepValues?.action === action.name ? keepValues.values : undefined,
        known: action.name === 'confirmSignUp' ? carried : undefined,
        primary: false,
        error: shownFailure?.action === action.name ? shownFailure.message : undefined,
        submit: (values) => perform(action, values),
        ...extra,
      }),
      clearError,
      repaint(focus, values) {
        carryOver = values;
        moveFocus = focus;
        paint(state);
      },
    };
  }

  function paint(state: AuthState): void {
    shown = state;
    if (failure && failure.state !== state) failure = undefined;
    root.replaceChildren(...layout(context(state)));
    if (moveFocus) focusAfterChange(state);
    const actions = state.actions.filter((action) => !hidden.has(action.name));
    if (actions.length === 1 && actions[0]?.name === 'autoSignIn') void autoChain(actions[0]);
    options.onStateChange?.(state);
  }

  function clearError(): void {
    if (!failure) return;
    failure = undefined;
    for (const box of Array.from(root.querySelectorAll('.blocks-auth-error'))) box.remove();
    for (const element of Array.from(root.querySelectorAll('[aria-describedby]'))) {
      const id = element.getAttribute('aria-describedby') ?? '';
      if (!document.getElementById(id)) element.removeAttribute('aria-describedby');
    }
  }

  // Opening another form (focusing into it) puts the last error away.
  root.addEventListener('focusin', (event) => {
    if (!failure?.action) return;
    const into = (event.target as Element).closest?.('[data-testid^="authenticator-action-"]');
    if (into && into.getAttribute('data-testid') !== `authenticator-action-${failure.action}`) clearError();
  });

  // After an action the keyboard user continues where the answer needs them: at the first empty
  // field of the form that failed (a wrong password), the first empty field of the new state's main
  // form (the code of a confirmation), or the heading that says who is signed in.
  function focusAfterChange(state: AuthState): void {
    moveFocus = false;
    const within = (scope: ParentNode | null | undefined) =>
      Array.from(scope?.querySelectorAll<HTMLInputElement>('input:not([type=hidden])') ?? []).filter(
        (input) => !input.closest('[hidden]'),
      );
    const failed = failure?.action
      ? root.querySelector(`[data-testid="authenticator-action-${failure.action}"]`)
      : undefined;
    const scope = failed ?? root;
    const inputs = within(scope);
    const target =
      (state.state === 'signedIn' && !failure ? root.querySelector<HTMLElement>('h3') : undefined) ??
      inputs.find((input) => input.value === '') ??
      inputs[0] ??
      scope.querySelector<HTMLElement>('button:not([role=tab])') ??
      root.querySelector<HTMLElement>('h3');
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
      const message = errorOf(error).message;
      paint(fail({ state: 'signedOut', actions: [], error: message }, undefined, message));
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
        const message = errorOf(error).message;
        paint(fail({ state: 'signedOut', actions: [], error: message }, undefined, message));
        const retry = h('button', { type: 'button', class: 'blocks-auth-primary' }, 'Try again');
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
