import type { AuthAction, AuthStateName } from '../types.js';
import { h, uniqueId } from './dom.js';
import { failedAction, type Layout, type LayoutContext } from './layout.js';
import { errorBox, hasVisibleFields, renderAction } from './render-action.js';

type View = 'signIn' | 'signUp' | 'reset';

const HEADINGS: Partial<Record<AuthStateName, string>> = {
  signedOut: 'Sign in or create an account',
  confirmingSignUp: 'Confirm your account',
  confirmingPasswordReset: 'Choose a new password',
};

const LEADS: Partial<Record<AuthStateName, string>> = {
  confirmingSignUp: 'Enter the code we sent you to finish creating your account.',
  confirmingPasswordReset: 'Enter the code we sent you and choose a new password.',
};

// The actions the tabs layout draws itself: the two tabs and the reset view.
const TABBED = new Set(['signIn', 'signUp', 'resetPassword']);

const find = (context: LayoutContext, name: string) => context.actions.find((action) => action.name === name);

/** The secondary actions of a view, as buttons under its main form (nothing when there are none). */
const moreActions = (context: LayoutContext, actions: AuthAction[]) =>
  actions.length
    ? h(
        'div',
        { class: 'blocks-auth-more' },
        ...actions.map((action) => renderAction(context.view(action, { primary: false }))),
      )
    : null;

/** An error that belongs to no form of the view (a failed first load), under the heading. */
const stateError = (context: LayoutContext) =>
  context.failure && !failedAction(context) ? errorBox(context.failure.message) : null;

const linkButton = (text: string, onClick: () => void) => {
  const button = h('button', { type: 'button', class: 'blocks-auth-link' }, text);
  button.addEventListener('click', onClick);
  return button;
};

/**
 * The Amplify-style layout (`layout: 'tabs'`): Sign In / Create Account tabs (WAI-ARIA tabs pattern:
 * arrow keys, Home and End move between tabs), the password asked twice on sign-up, the reset flow as
 * its own view with a way back, and one main form per confirming state. Every form keeps the test ids
 * of the default layout.
 */
export function tabsLayout(): Layout {
  let view: View = 'signIn';
  const resetId = uniqueId('reset');

  // A state with one main form (confirmations, signed in, anything another auth block sends).
  function single(context: LayoutContext, heading: HTMLElement): Node[] {
    const { actions, options, state } = context;
    const main =
      actions.find((action) => hasVisibleFields(action, options.actions?.[action.name])) ?? actions[0];
    const lead = LEADS[state.state];
    const more = actions.filter((action) => action !== main);
    return [
      heading,
      lead ? h('p', { class: 'blocks-auth-lead' }, lead) : null,
      stateError(context),
      main
        ? renderAction(context.view(main, { primary: true, labelledBy: heading.id, omitKnown: true }))
        : null,
      moreActions(context, more),
    ].filter((node): node is HTMLElement => node !== null);
  }

  function resetView(context: LayoutContext, reset: AuthAction, heading: HTMLElement): Node[] {
    heading.textContent = context.options.actions?.resetPassword?.heading ?? 'Reset your password';
    heading.id = resetId;
    const back = linkButton('Back to Sign In', () => {
      view = 'signIn';
      context.clearError();
      context.repaint(true);
    });
    return [
      heading,
      h('p', { class: 'blocks-auth-lead' }, 'Enter your username and we will send you a code.'),
      renderAction(context.view(reset, { primary: true, labelledBy: heading.id, submitLabel: 'Send code' })),
      back,
    ];
  }

  function tabs(context: LayoutContext, heading: HTMLElement, entries: AuthAction[]): Node[] {
    heading.classList.add('blocks-auth-sr');
    const ids = entries.map(() => ({ tab: uniqueId('tab'), panel: uniqueId('panel') }));
    const buttons: HTMLButtonElement[] = [];
    const panels: HTMLElement[] = [];
    const select = (index: number, focus: boolean) => {
      const action = entries[index]!;
      if (view !== action.name) context.clearError();
      view = action.name as View;
      buttons.forEach((button, i) => {
        button.setAttribute('aria-selected', String(i === index));
        button.tabIndex = i === index ? 0 : -1;
        panels[i]!.hidden = i !== index;
      });
      if (focus) buttons[index]!.focus();
    };
    entries.forEach((action, index) => {
      const button = h(
        'button',
        { type: 'button', role: 'tab', id: ids[index]!.tab, 'aria-controls': ids[index]!.panel },
        action.label,
      );
      button.addEventListener('click', () => select(index, false));
      buttons.push(button);
      const panel = h(
        'div',
        {
          role: 'tabpanel',
          id: ids[index]!.panel,
          'aria-labelledby': ids[index]!.tab,
          class: 'blocks-auth-panel',
        },
        renderAction(
          context.view(action, {
            primary: true,
            labelledBy: ids[index]!.tab,
            confirmPassword: action.name === 'signUp',
          }),
        ),
      );
      panels.push(panel);
    });
    const list = h(
      'div',
      { role: 'tablist', class: 'blocks-auth-tabs', 'aria-labelledby': heading.id },
      ...buttons,
    );
    list.addEventListener('keydown', (event) => {
      const at = buttons.indexOf(event.target as HTMLButtonElement);
      if (at < 0) return;
      const last = buttons.length - 1;
      const next =
        event.key === 'ArrowRight'
          ? (at + 1) % buttons.length
          : event.key === 'ArrowLeft'
            ? (at + last) % buttons.length
            : event.key === 'Home'
              ? 0
              : event.key === 'End'
                ? last
                : -1;
      if (next < 0) return;
      event.preventDefault();
      select(next, true);
    });
    select(
      Math.max(
        0,
        entries.findIndex((action) => action.name === view),
      ),
      false,
    );

    const reset = find(context, 'resetPassword');
    const signInForm = panels[entries.findIndex((action) => action.name === 'signIn')]?.querySelector('form');
    if (reset && signInForm) {
      const link = h('a', { href: `#${resetId}`, class: 'blocks-auth-link' }, 'Forgot your password?');
      link.addEventListener('click', (event) => {
        event.preventDefault();
        view = 'reset';
        context.clearError();
        const typed = signInForm.querySelector<HTMLInputElement>('input[name="username"]')?.value;
        context.repaint(true, typed ? { action: 'resetPassword', values: { username: typed } } : undefined);
      });
      signInForm.append(link);
    }
    // Whatever else the block offers (a passkey, an external provider) stays reachable under the tabs.
    const others = context.actions.filter((action) => !TABBED.has(action.name));
    return [heading, stateError(context), list, ...panels, moreActions(context, others)].filter(
      (node): node is HTMLElement => node !== null,
    );
  }

  return (context) => {
    const { state } = context;
    const heading = context.heading(HEADINGS[state.state]);
    heading.id = uniqueId('heading');
    const failed = failedAction(context)?.name;
    if (failed === 'signIn' || failed === 'signUp') view = failed;
    if (failed === 'resetPassword') view = 'reset';
    if (state.state !== 'signedOut') {
      view = 'signIn';
      return single(context, heading);
    }
    const reset = find(context, 'resetPassword');
    if (view === 'reset' && reset) return resetView(context, reset, heading);
    const entries = [find(context, 'signIn'), find(context, 'signUp')].filter(
      (action): action is AuthAction => action !== undefined,
    );
    return entries.length > 0 ? tabs(context, heading, entries) : single(context, heading);
  };
}
