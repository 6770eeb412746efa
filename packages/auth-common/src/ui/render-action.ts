import type { AuthAction, AuthField } from '../types.js';
import { h, uniqueId } from './dom.js';
import type { ActionOverride, FieldOverride } from './options.js';

/** What rendering one action needs. */
export interface ActionView {
  action: AuthAction;
  override: ActionOverride | undefined;
  /** Values typed before an error repaint, by field name (passwords are never kept). */
  kept: Record<string, string> | undefined;
  /** Whether this is the state's main action (the others are drawn as secondary buttons). */
  primary: boolean;
  submit(values: Record<string, string>): Promise<void>;
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

function fieldNode(view: ActionView, field: AuthField): HTMLElement | null {
  const override = view.override?.fields?.[field.name];
  const hiddenValue = field.defaultValue;
  if (field.type === 'hidden' || override?.hidden) {
    if (hiddenValue === undefined) return null;
    return h('input', { type: 'hidden', name: field.name, value: hiddenValue });
  }
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
  const hintId = override?.hint ? `${id}-hint` : undefined;
  const type = inputType(field, override);
  const kept = type === 'password' ? undefined : view.kept?.[field.name];
  const input = h('input', {
    id,
    name: field.name,
    type,
    placeholder: override?.placeholder ?? label,
    autocomplete: override?.autocomplete ?? autocompleteFor(view.action.name, field),
    required: field.required,
    inputmode: field.name === 'code' ? 'numeric' : undefined,
    'aria-describedby': hintId,
    'data-testid': `authenticator-${field.name}`,
  });
  input.value = kept ?? field.defaultValue ?? '';
  return h(
    'div',
    { class: 'blocks-auth-field' },
    h('label', { for: id }, label),
    input,
    hintId ? h('div', { id: hintId, class: 'blocks-auth-hint' }, override!.hint!) : null,
  );
}

function values(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const element of Array.from(form.querySelectorAll('input[name]'))) {
    const input = element as HTMLInputElement;
    out[input.name] = input.value;
  }
  return out;
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
  const nodes = orderedFields(action.fields, override?.fields).map((field) => fieldNode(view, field));
  const visible = nodes.some((node) => node && !(node instanceof HTMLInputElement && node.type === 'hidden'));
  const button = h(
    'button',
    {
      type: 'submit',
      class: view.primary || visible ? undefined : 'blocks-auth-secondary',
      'data-testid': 'authenticator-submit',
    },
    override?.submitLabel ?? action.label,
  );
  const form = h('form', { 'aria-label': action.label }, ...nodes, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void view.submit(values(form));
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
    },
    ...action.fields.map((field) =>
      h('input', { type: 'hidden', name: field.name, value: field.defaultValue ?? '' }),
    ),
    h(
      'button',
      { type: 'submit', 'data-testid': 'authenticator-submit' },
      override?.submitLabel ?? action.label,
    ),
  );
}

/** Renders one action: the override's `render`, an external form, or the internal form. */
export function renderAction(view: ActionView): HTMLElement {
  return view.action.url && !view.override?.render ? externalAction(view) : internalAction(view);
}
