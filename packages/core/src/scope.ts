import { optionsCheck } from './options-check.js';

const checkScope = optionsCheck('Scope');

/** Options accepted by {@link Scope}. */
export interface ScopeOptions {
  /** The enclosing scope; defaults to the ambient stack or `{ id: process.env.BLOCKS_STACK_NAME }`. */
  parent?: ScopeParent;
  /** Block type name, set by building blocks (e.g. `AuthBasic`). */
  bbName?: string;
  /** Block package version. */
  bbVersion?: string;
}

/** Anything that can stand as a scope parent: a Scope or a plain `{ id, fullId? }` object. */
export interface ScopeParent {
  readonly id?: string | undefined;
  readonly fullId?: string | undefined;
}

interface RegistryEntry {
  version: string | undefined;
  count: number;
}

const REGISTRY_KEY = Symbol.for('blockyard:block-registry');
const OFFICIAL_BLOCKS = new Set(['AuthBasic', 'KVStore', 'AppSetting', 'EmailClient']);

// Kept on globalThis so a backend re-imported by the sandbox shares one registry with the runtime.
function registry(): Map<string, RegistryEntry> {
  const g = globalThis as { [REGISTRY_KEY]?: Map<string, RegistryEntry> };
  g[REGISTRY_KEY] ??= new Map();
  return g[REGISTRY_KEY];
}

function defaultParent(): ScopeParent {
  const ambient = (globalThis as { CURRENT_BLOCKS_STACK?: ScopeParent }).CURRENT_BLOCKS_STACK;
  return ambient ?? { id: process.env.BLOCKS_STACK_NAME };
}

/**
 * A node in the block tree. Its `fullId` (parent ids joined with `-`) names the resources it owns,
 * such as KVStore tables and the session cookie of an AuthBasic block.
 */
export class Scope {
  readonly id: string;
  readonly parent: ScopeParent;
  readonly fullId: string;
  readonly bbName?: string;
  readonly bbVersion?: string;

  constructor(id: string, options: ScopeOptions = {}) {
    checkScope(typeof id === 'string' && id.length > 0, 'id', 'a non-empty string');
    this.id = id;
    this.parent = options.parent ?? defaultParent();
    this.fullId = this.parent.fullId
      ? `${this.parent.fullId}-${id}`
      : this.parent.id
        ? `${this.parent.id}-${id}`
        : id;
    if (options.bbName !== undefined) {
      this.bbName = options.bbName;
      this.bbVersion = options.bbVersion;
      const entry = registry().get(options.bbName);
      registry().set(options.bbName, { version: options.bbVersion, count: (entry?.count ?? 0) + 1 });
    }
  }

  /** Which building blocks this process constructed; custom blocks are counted, never named. */
  static getRegisteredBlocks(): {
    blocks: { name: string; version: string | undefined }[];
    totalCount: number;
    customBlocksCount: number;
  } {
    const blocks: { name: string; version: string | undefined }[] = [];
    let totalCount = 0;
    let customBlocksCount = 0;
    for (const [name, entry] of registry()) {
      totalCount += entry.count;
      if (OFFICIAL_BLOCKS.has(name)) blocks.push({ name, version: entry.version });
      else customBlocksCount += entry.count;
    }
    return { blocks, totalCount, customBlocksCount };
  }

  /**
   * Clears the block registry.
   * @deprecated A test hook: use `resetBlockRegistry` from `@blockyard/core/testing`.
   */
  static _resetRegistry(): void {
    resetBlockRegistry();
  }
}

/** Clears the registry {@link Scope.getRegisteredBlocks} reads (a test hook). */
export function resetBlockRegistry(): void {
  registry().clear();
}

/** True for Scope instances, also across separately loaded copies of this module. */
export function isScope(value: unknown): value is Scope {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Scope).id === 'string' &&
    typeof (value as Scope).fullId === 'string'
  );
}
