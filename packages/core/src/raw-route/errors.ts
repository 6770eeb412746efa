/** Names of the errors RawRoute registration throws. */
export const RawRouteErrors = {
  /** The same method and normalized path were registered twice. */
  DuplicateRoute: 'DuplicateRouteException',
  /** A route was registered after the registry was locked (after the handler was created). */
  RegistryLocked: 'RouteRegistryLockedException',
  /** The method, path or handler of a route is not acceptable. */
  InvalidRoute: 'InvalidRouteException',
} as const;

/** An error thrown while declaring a RawRoute; `name` is one of {@link RawRouteErrors}. */
export function rawRouteError(
  name: (typeof RawRouteErrors)[keyof typeof RawRouteErrors],
  message: string,
): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
