import { h } from './dom.js';
import { failedAction, type Layout } from './layout.js';
import { errorBox, hasVisibleFields, renderAction } from './render-action.js';

/**
 * The default layout (D-24): the reference's structure — the heading, then every action as its own
 * form in the order the server sends them — with a visible heading per form that asks for input,
 * each error inside the form whose action failed, and "Forgot your password?" in the sign-in form
 * leading to the reset form.
 */
export const defaultLayout: Layout = (context) => {
  const { actions, failure, options } = context;
  const target = failedAction(context);
  const forms = actions.map((action, index) => {
    const override = options.actions?.[action.name];
    const titled = hasVisibleFields(action, override) && !override?.render;
    return renderAction(
      context.view(action, { primary: index === 0, heading: titled ? action.label : undefined }),
    );
  });
  const signIn = forms[actions.findIndex((action) => action.name === 'signIn')];
  const reset = forms[actions.findIndex((action) => action.name === 'resetPassword')];
  const resetInput = reset?.querySelector<HTMLInputElement>('input[name="username"]:not([type=hidden])');
  const signInForm = signIn?.querySelector('form');
  if (signInForm && resetInput) {
    // Every form stays on the page (apps' tests fill them directly); the link takes the user to the
    // reset form with what they typed as username.
    const link = h('a', { href: `#${resetInput.id}`, class: 'blocks-auth-link' }, 'Forgot your password?');
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const typed = signInForm.querySelector<HTMLInputElement>('input[name="username"]')?.value;
      if (typed && !resetInput.value) resetInput.value = typed;
      resetInput.focus();
    });
    signInForm.append(link);
  }
  return [context.heading(), failure && !target ? errorBox(failure.message) : null, ...forms].filter(
    (node): node is HTMLElement => node !== null,
  );
};
