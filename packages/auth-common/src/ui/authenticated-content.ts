import type { AuthUser } from '../types.js';
import type { AuthUiElement } from './authenticator.js';
import { assertAuthApi } from './authenticator.js';
import { h } from './dom.js';
import { onAuthChange } from './on-auth-change.js';
import type { AuthUiApi } from './options.js';

/**
 * A `div` showing `render(user)` while someone is signed in and `fallback` (or nothing) otherwise,
 * redrawn on every sign-in and sign-out, in this tab or another.
 */
export function AuthenticatedContent(
  api: AuthUiApi,
  render: (user: AuthUser) => Node,
  fallback?: Node,
): AuthUiElement {
  assertAuthApi(api, 'AuthenticatedContent');
  if (typeof render !== 'function') throw new TypeError('AuthenticatedContent: render must be a function');
  const root = h('div', { 'data-testid': 'authenticated-content' }) as AuthUiElement;
  root.dispose = onAuthChange(api, (user) => {
    if (user) root.replaceChildren(render(user));
    else if (fallback) root.replaceChildren(fallback);
    else root.replaceChildren();
  });
  return root;
}
