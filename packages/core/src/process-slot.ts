/**
 * One value per process, shared by every loaded copy of a package: a backend bundled by the sandbox,
 * a package installed twice under two names (an npm alias next to its real name), and the runtime
 * that serves them must all see the same registry. The value lives on `globalThis` under the
 * registered symbol `Symbol.for(key)`, created by `create` on first use.
 *
 * ```ts
 * const routes = processSlot('blockyard:route-registry', () => new RouteRegistry());
 * ```
 *
 * The key is a contract between copies of different versions: change the shape of its value only
 * additively.
 */
export function processSlot<T>(key: string, create: () => T): T {
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  const symbol = Symbol.for(key);
  let value = slots[symbol];
  if (value === undefined) {
    value = create();
    slots[symbol] = value;
  }
  return value;
}

/** Puts `value` in the process-wide slot `key` (see {@link processSlot}) and returns it. */
export function replaceProcessSlot<T>(key: string, value: T): T {
  (globalThis as unknown as Record<symbol, T>)[Symbol.for(key)] = value;
  return value;
}
