import type { BlocksContext } from './context.js';
import { optionsCheck } from './options-check.js';
import type { ScopeParent } from './scope.js';

const checkNamespace = optionsCheck('ApiNamespace');

/** The property key that marks an {@link ApiNamespace}; its value is the namespace's metadata name. */
export const API_NAMESPACE_MARKER: unique symbol = Symbol.for('blocks:ApiNamespace') as never;

/** Any function; the parameter type is `never[]` so that every function signature is assignable. */
export type AnyFunction = (...args: never[]) => unknown;

/** The method map a namespace handler returns for one request. */
export type ApiMethods = Record<string, AnyFunction>;

/** Builds the method map of a namespace for one request; methods capture `context` by closure. */
export type ApiHandler<M extends object = ApiMethods> = (context: BlocksContext) => M;

/**
 * The type of an {@link ApiNamespace}: the handler result's methods, each returning a Promise.
 * This is what a typed client sees; at runtime the value is the handler function itself.
 */
export type ApiNamespace<M extends object = ApiMethods> = {
  [K in keyof M]: M[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** The constructor signature of {@link ApiNamespace}. */
export interface ApiNamespaceConstructor {
  /**
   * Declares a JSON-RPC namespace. Returns `handler` itself, marked as an ApiNamespace. The RPC name
   * is the name of the module export holding it; `name` is metadata only, and `scope` is not used at
   * runtime.
   */
  new <M extends object>(scope: ScopeParent, name: string, handler: ApiHandler<M>): ApiNamespace<M>;
  readonly prototype: object;
}

/** True when `value` was made by {@link ApiNamespace} (also by another loaded copy of this package). */
export function isApiNamespace(value: unknown): value is ApiHandler<object> {
  return (
    typeof value === 'function' &&
    typeof (value as { [API_NAMESPACE_MARKER]?: unknown })[API_NAMESPACE_MARKER] === 'string'
  );
}

/**
 * A typed JSON-RPC namespace: `new ApiNamespace(scope, 'api', (context) => ({ async greet(n) { … } }))`.
 * Export it from the backend entry; it is then callable as `<exportName>.<method>`.
 */
export const ApiNamespace = function ApiNamespace(
  this: unknown,
  _scope: ScopeParent,
  name: string,
  handler: ApiHandler<object>,
): ApiHandler<object> {
  checkNamespace(typeof handler === 'function', 'handler', 'a function (context) => ({ ...methods })');
  checkNamespace(typeof name === 'string', 'name', 'a string');
  Object.defineProperty(handler, API_NAMESPACE_MARKER, { value: name, configurable: true });
  return handler;
} as unknown as ApiNamespaceConstructor;

// `x instanceof ApiNamespace` tests the marker, since the constructor returns the handler itself.
Object.defineProperty(ApiNamespace, Symbol.hasInstance, { value: isApiNamespace });

/** The metadata name given to an {@link ApiNamespace}, or `undefined` for other values. */
export function apiNamespaceName(value: unknown): string | undefined {
  return isApiNamespace(value)
    ? (value as unknown as { [API_NAMESPACE_MARKER]: string })[API_NAMESPACE_MARKER]
    : undefined;
}
