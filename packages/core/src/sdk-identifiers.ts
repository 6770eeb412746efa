import { processSlot } from './process-slot.js';

type Identifiers = Record<string, string>;

const registry = (): Map<string, Identifiers> =>
  processSlot('blockyard:sdk-identifiers', () => new Map<string, Identifiers>());

/**
 * Records the resource identifiers of a block instance (a table name, a bucket name) under its
 * `fullId`, so app code can reach the resource with its own SDK client. Called by blocks while they
 * are constructed; a second call for the same `fullId` adds to the first (later keys win).
 */
export function registerSdkIdentifiers(fullId: string, identifiers: Identifiers): void {
  registry().set(fullId, { ...registry().get(fullId), ...identifiers });
}

/** The identifiers a block registered for itself (by its `fullId`), or `{}`. */
export function getSdkIdentifiers(block: { readonly fullId: string }): Identifiers {
  return registry().get(block.fullId) ?? {};
}

/** A snapshot of every registered block's identifiers, keyed by `fullId`. */
export function getAllSdkIdentifiers(): ReadonlyMap<string, Identifiers> {
  return new Map(registry());
}

/** Empties the SDK identifier registry. Test-only: for the teardown of tests that construct blocks. */
export function _resetSdkRegistry(): void {
  registry().clear();
}
