import type { AuthAction, AuthState } from '../types.js';
import type { AuthenticatorOptions } from './options.js';
import type { ActionView } from './render-action.js';

/** The error of the last attempt and the action it belongs to (none: the whole state's). */
export interface Failure {
  action: string | undefined;
  message: string;
}

/** Values typed into one action's form, put back when it is drawn again. */
export interface KeptValues {
  action: string;
  values: Record<string, string>;
}

/** What a layout gets from the Authenticator to draw one state. */
export interface LayoutContext {
  state: AuthState;
  /** The state's actions minus `hideActions`. */
  actions: AuthAction[];
  options: AuthenticatorOptions;
  /** The error to show, if the state carries one this Authenticator caused. */
  failure: Failure | undefined;
  /** The view of one action: kept values, known values, its error, and how to submit it. */
  view(action: AuthAction, extra?: Partial<ActionView>): ActionView;
  /** `h3[authenticator-signed-in]` or `h3[authenticator-heading]`; `fallback` replaces "Authentication". */
  heading(fallback?: string): HTMLElement;
  /** Forgets the shown error (another form was opened). */
  clearError(): void;
  /**
   * Draws the same state again (a layout changed its own view), moving focus to the first field
   * that needs input when `focus` is set, with `kept` values typed elsewhere.
   */
  repaint(focus: boolean, kept?: KeptValues): void;
}

/** A layout draws a state into nodes; the Authenticator puts them into its card and moves focus. */
export type Layout = (context: LayoutContext) => Node[];

/** The first action, among `actions`, whose error this is. */
export function failedAction(context: LayoutContext): AuthAction | undefined {
  const name = context.failure?.action;
  return name === undefined ? undefined : context.actions.find((action) => action.name === name);
}
