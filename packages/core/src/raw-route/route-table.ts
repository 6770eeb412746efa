import type { BlocksContext } from '../context.js';

/** HTTP methods a RawRoute may be registered for. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';

/** HTTP methods a RawRoute may be registered for (the same type as {@link HttpMethod}). */
export type RawRouteMethod = HttpMethod;

/** Writes the response of a RawRoute through `context.response`. */
export type RawRouteHandler = (context: BlocksContext) => void | Promise<void>;

/** One route as it is declared. */
export interface RouteDefinition {
  /** The method it answers. */
  readonly method: HttpMethod;
  /** Its normalized path pattern, e.g. `/users/{id}` or `/files/*`. */
  readonly path: string;
  /** Its handler. */
  readonly handler: RawRouteHandler;
}

/** A route in the registry: its definition and its compiled path. */
export interface RegisteredRoute extends RouteDefinition {
  /** Matches a whole normalized request path. */
  readonly pattern: RegExp;
  /** The parameter each capture group of `pattern` fills, in order (`*` for the rest of the path). */
  readonly paramNames: readonly string[];
}

/** The result of matching a request against a {@link RouteTable}. */
export interface RouteMatch {
  /** The route that matched. */
  readonly route: RegisteredRoute;
  /** Captured parameters (null prototype); `{name}` values are URI-decoded, `*` is not. */
  readonly params: Record<string, string>;
}

/** An immutable set of routes, matched in registration order. */
export interface RouteTable {
  /** The routes, in registration order. */
  readonly routes: readonly RegisteredRoute[];
  /** The first route whose method and path match, or `null`. */
  match(method: string, pathname: string): RouteMatch | null;
}
