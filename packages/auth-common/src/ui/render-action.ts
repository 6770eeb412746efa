import type { AuthAction, AuthField } from '../types.js';
import { h, uniqueId } from './dom.js';
import type { ActionOverride, FieldOverride } from './options.js';

/** What rendering one action needs. */
export interface ActionView {
  action: AuthAction;
  override: ActionOverride | undefined;
  /** Values typed before an error repaint, by field name (passwords and codes are never kept). */
  kept: Record<string, string> | undefined;
  /**
   * Values the UI already knows (the password typed at sign-up, for the confirmation form): filled
   * in, or — with `omitKnown` — not asked for again and sent from memory.
   */
  known?: Record<string, string> | undefined;
  omitKnown?: boolean;
  /** Whether this is the state's main action (the others are drawn as secondary buttons). */
  primary: boolean;
  /** A visible heading of the form (its accessible name); otherwise `label` names the form. */
  heading?: string | undefined;
  /** Names the form when it has no heading of its own (the id of an element elsewhere). */
  labelledBy?: string | undefined;
  /** The error of this action's last attempt, shown and announced inside the form. */
  error?: string | undefined;
  /** Sign-up asks for the password twice and compares them before any request. */
  confirmPassword?: boolean;
  /** Label of the submit button when no override gives one (default: the action's label). */
  submitLabel?: string | undefined;
  submit(values: Record<string, string>): Promise<void>;
}

/** The error box: shown in the form whose action failed and announced there. */
export function errorBox(message: string, id?: string): HTMLElement {
  return h(
    'div',
    {
      id,
      class: 'blocks-auth-error',
      role: 'alert',
      'aria-live': 'assertive',
      'data-testid': 'authenticator-error',
    },
    message,
  );
}

/** The `autocomplete` token a field gets unless overridden (WHATWG autofill names). */
export function autocompleteFor(actionName: string, field: AuthField): string | undefined {
  if (field.name === 'username') return 'username';
  if (field.name === 'code') return 'one-time-code';
  if (field.name === 'newPassword') return 'new-password';
  if (field.name === 'currentPassword') return 'current-password';
  if (field.type === 'password') return actionName === 'signUp' ? 'new-password' : 'current-password';
  if (field.type === 'email') return 'email';
  if (field.type === 'tel') return 'tel';
  return undefined;
}

function inputType(field: AuthField, override: FieldOverride | undefined): string {
  if (override?.type) return override.type;
  if (field.type === 'email' || field.type === 'password') return field.type;
  return 'text';
}

/** Fields in display order: those with an `order` first (ascending), then the rest as sent. */
export function orderedFields(
  fields: AuthField[],
  overrides: Record<string, FieldOverride> = {},
): AuthField[] {
  const ordered = fields
    .map((field, index) => ({ field, index, order: overrides[field.name]?.order }))
    .sort((a, b) => {
      if (a.order !== undefined && b.order !== undefined) return a.order - b.order || a.index - b.index;
      if (a.order !== undefined) return -1;
      if (b.order !== undefined) return 1;
      return a.index - b.index;
    });
  return ordered.map((entry) => entry.field);
}

/** Whether the action asks the user for anything (else it is drawn as a lone button). */
export function hasVisibleFields(action: AuthAction, override: ActionOverride | undefined): boolean {
  return action.fields.some((field) => field.type !== 'hidden' && !override?.fields?.[field.name]?.hidden);
}

// Hidden inputs carry their test id too: tests read the values they send.
const hiddenInput = (name: string, value: string) =>
  h('input', { type: 'hidden', name, value, 'data-testid': `authenticator-${name}` });

const EYE =
  '<svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2"><path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/></svg>';

/** A password input with a show/hide toggle (a real button: reachable by Tab, state in aria-pressed). */
function withReveal(input: HTMLInputElement): HTMLElement {
  const toggle = h('button', {
    type: 'button',
    class: 'blocks-auth-reveal',
    'aria-label': 'Show password',
    'aria-pressed': 'false',
    'aria-controls': input.id,
  });
  toggle.innerHTML = EYE;
  toggle.addEventListener('click', () => {
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    toggle.setAttribute('aria-pressed', String(show));
  });
  return h('div', { class: 'blocks-auth-password' }, input, toggle);
}

function fieldBox(id: string, label: string, input: HTMLInputElement, hint: string | undefined): HTMLElement {
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'blocks-auth-field' },
    h('label', { for: id }, label),
    input.type === 'password' ? withReveal(input) : input,
    hintId ? h('div', { id: hintId, class: 'blocks-auth-hint' }, hint!) : null,
  );
}

function fieldNode(view: ActionView, field: AuthField): HTMLElement | null {
  const override = view.override?.fields?.[field.name];
  const known = view.known?.[field.name];
  if (field.type === 'hidden' || override?.hidden) {
    return field.defaultValue === undefined ? null : hiddenInput(field.name, field.defaultValue);
  }
  if (known !== undefined && view.omitKnown) return null;
  const label = override?.label ?? field.label;
  if (override?.render) {
    return override.render({
      name: field.name,
      label,
      type: inputType(field, override),
      defaultValue: field.defaultValue,
    });
  }
  const id = uniqueId(field.name);
  const type = inputType(field, override);
  // Passwords are never kept, nor a code: after a failure it is the field to type again.
  const kept = type === 'password' || field.name === 'code' ? undefined : view.kept?.[field.name];
  const input = h('input', {
    id,
    name: field.name,
    type,
    placeholder: override?.placeholder ?? label,
    autocomplete: override?.autocomplete ?? autocompleteFor(view.action.name, field),
    required: field.required,
    inputmode: field.name === 'code' ? 'numeric' : undefined,
    'data-testid': `authenticator-${field.name}`,
  });
  input.value = kept ?? known ?? field.defaultValue ?? '';
  return fieldBox(id, label, input, override?.hint ?? field.description);
}

/** The second password box of a sign-up (never sent: compared in the browser). */
function confirmField(): HTMLElement {
  const id = uniqueId('confirmPassword');
  const input = h('input', {
    id,
    type: 'password',
    placeholder: 'Confirm Password',
    autocomplete: 'new-password',
    required: true,
    'data-testid': 'authenticator-confirmPassword',
  });
  return fieldBox(id, 'Confirm Password', input, undefined);
}

function values(form: HTMLFormElement, known: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { ...known };
  for (const element of Array.from(form.querySelectorAll('input[name]'))) {
    const input = element as HTMLInputElement;
    out[input.name] = input.value;
  }
  return out;
}

// Checks done in the browser before any request: the two passwords of a sign-up match.
function mismatch(form: HTMLFormElement): HTMLInputElement | undefined {
  const confirm = form.querySelector<HTMLInputElement>('[data-testid="authenticator-confirmPassword"]');
  const password = form.querySelector<HTMLInputElement>('input[name="password"]');
  if (!confirm || !password || confirm.value === password.value) return undefined;
  return confirm;
}

/** an action performed through `setAuthState`, as a labelled form. */
function internalAction(view: ActionView): HTMLElement {
  const { action, override } = view;
  const wrapper = h('div', {
    class: 'blocks-auth-action',
    'data-testid': `authenticator-action-${action.name}`,
  });
  if (override?.render) {
    wrapper.append(override.render(action, { submit: view.submit }));
    return wrapper;
  }
  const headingId = view.heading ? uniqueId(`${action.name}-title`) : undefined;
  const errorId = view.error ? uniqueId(`${action.name}-error`) : undefined;
  const nodes = orderedFields(action.fields, override?.fields).map((field) => fieldNode(view, field));
  if (view.confirmPassword) {
    const at = nodes.findIndex((node) => node?.querySelector?.('input[name="password"]'));
    if (at >= 0) nodes.splice(at + 1, 0, confirmField());
  }
  const button = h(
    'button',
    {
      type: 'submit',
      class: view.primary ? 'blocks-auth-primary' : 'blocks-auth-secondary',
      'data-testid': 'authenticator-submit',
    },
    override?.submitLabel ?? view.submitLabel ?? action.label,
  );
  const form = h(
    'form',
    {
      'aria-labelledby': headingId ?? view.labelledBy,
      'aria-label': headingId || view.labelledBy ? undefined : action.label,
      'aria-describedby': errorId,
    },
    headingId ? h('h4', { id: headingId, class: 'blocks-auth-title' }, view.heading!) : null,
    view.error ? errorBox(view.error, errorId) : null,
    ...nodes,
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wrong = mismatch(form);
    form.querySelector('.blocks-auth-error')?.remove();
    if (wrong) {
      const id = uniqueId('confirm-error');
      button.before(errorBox('The passwords do not match.', id));
      wrong.setAttribute('aria-invalid', 'true');
      wrong.setAttribute('aria-describedby', id);
      wrong.value = '';
      wrong.focus();
      return;
    }
    void view.submit(values(form, view.omitKnown ? view.known : undefined));
  });
  wrapper.append(form);
  return wrapper;
}

/** an action handled elsewhere (`url`): a real form posted or navigated there. */
function externalAction(view: ActionView): HTMLElement {
  const { action, override } = view;
  return h(
    'form',
    {
      class: 'blocks-auth-action',
      'data-testid': `authenticator-action-${action.name}`,
      method: action.method ?? 'GET',
      action: action.url,
      'aria-label': action.label,
    },
    ...action.fields.map((field) => hiddenInput(field.name, field.defaultValue ?? '')),
    h(
      'button',
      { type: 'submit', class: 'blocks-auth-secondary', 'data-testid': 'authenticator-submit' },
      override?.submitLabel ?? action.label,
    ),
  );
}

/** Renders one action: the override's `render`, an external form, or the internal form. */
export function renderAction(view: ActionView): HTMLElement {
  return view.action.url && !view.override?.render ? externalAction(view) : internalAction(view);
}
