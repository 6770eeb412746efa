import type { AuthAction, AuthState, AuthStateApi, AuthStateName, AuthUser } from '../types.js';

/** The auth namespace the UI talks to: a client of an auth block's `createApi()` (`authApi`). */
export type AuthUiApi<U extends AuthUser = AuthUser> = Pick<AuthStateApi<U>, 'getAuthState'> & {
  setAuthState(
    input: { action: string } & Record<string, unknown>,
  ): Promise<Awaited<ReturnType<AuthStateApi<U>['getAuthState']>>>;
};

/** Overrides of one field of an action form. */
export interface FieldOverride {
  /** Label text (default: the field's label). */
  label?: string;
  /** Placeholder (default: the label). */
  placeholder?: string;
  /** Help text shown under the input and linked with `aria-describedby`. */
  hint?: string;
  /** Hide the field (it still sends its `defaultValue`, if any). */
  hidden?: boolean;
  /** Position among the fields: ordered fields come first, then the others in source order. */
  order?: number;
  /** Input type (default from the field type). */
  type?: string;
  /** `autocomplete` value (default from the field and action names). */
  autocomplete?: string;
  /** Replaces the input; must return a node containing `input[name=<field>]`. */
  render?(field: { name: string; label: string; type: string; defaultValue?: string }): HTMLElement;
}

/** Overrides of one action. */
export interface ActionOverride {
  /** Heading shown when this is the first visible action. */
  heading?: string;
  /** Label of the submit button (default: the action's label). */
  submitLabel?: string;
  /** Per-field overrides. */
  fields?: Record<string, FieldOverride>;
  /** Replaces the whole form; `submit(values)` performs the call, cache update and broadcast. */
  render?(
    action: AuthAction,
    helpers: { submit(values: Record<string, string>): Promise<void> },
  ): HTMLElement;
}

/** Options of {@link Authenticator} (R-717, plus `layout` and `onStateChange`). */
export interface AuthenticatorOptions {
  /**
   * `'default'`: the reference's structure, every action its own form (D-24). `'tabs'`: Sign In /
   * Create Account tabs, the password asked twice on sign-up, the reset flow as its own view.
   */
  layout?: 'default' | 'tabs';
  /** Called after every state the Authenticator draws (e.g. to set the page title). */
  onStateChange?(state: AuthState): void;
  /** Action names never shown. */
  hideActions?: string[];
  /** Heading per state. */
  headings?: Partial<Record<AuthStateName, string>>;
  /** Per-action overrides. */
  actions?: Record<string, ActionOverride>;
}
