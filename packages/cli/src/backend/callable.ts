import { isApiNamespace } from '@blockyard/core/block';
import type { RouteTable } from '@blockyard/core/internal';

/**
 * The warning for a backend a client cannot call at all (no `ApiNamespace` export, no raw route), or
 * `undefined` when something is callable. `shownFile` names the entry as messages show it.
 */
export function nothingCallableWarning(
  shownFile: string,
  exports: Record<string, unknown>,
  routes: RouteTable,
): string | undefined {
  if (routes.routes.length > 0 || Object.values(exports).some(isApiNamespace)) return undefined;
  const what = Object.keys(exports).length === 0 ? 'exports nothing' : 'exports no ApiNamespace';
  return (
    `Warning: ${shownFile} ${what}, so the API has nothing to call. Export one, for example ` +
    `"export const api = new ApiNamespace(scope, 'api', () => ({ async hello() { return 'hi'; } }));".`
  );
}
