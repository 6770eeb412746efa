import type { BlocksContext } from '../context.js';

/** HTTP methods a RawRoute may be registered for. */
export type RawRouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';

/** Writes the response of a RawRoute through `context.response`. */
export type RawRouteHandler = (context: BlocksContext) => void | Promise<void>;

/** One registered route. */
export interface RouteDefinition {
  /** The method it answers. */
  readonly method: RawRouteMethod;
  /** Its normalized path pattern, e.g. `/users/{id}` or `/files/*`. */
  readonly path: string;
  /** Its handler. */
  readonly handler: RawRouteHandler;
}

/** The result of matching a request against a {@link RouteTable}. */
export interface RouteMatch {
  /** The route that matched. */
  readonly route: RouteDefinition;
  /** Captured parameters (null prototype); `{name}` values are URI-decoded, `*` is not. */
  readonly params: Record<string, string>;
}

/** An immutable set of routes, matched in registration order. */
export interface RouteTable {
  /** The routes, in registration order. */
  readonly routes: readonly RouteDefinition[];
  /** The first route whose method and path match, or `null`. */
  match(method: string, pathname: string): RouteMatch | null;
}
