import { OFFICIAL_BLOCK_NAMES } from './official-blocks.js';
import { optionsCheck, warnUnknownOptions } from './options-check.js';
import { processSlot } from './process-slot.js';
import { CORE_VERSION } from './version.js';

const checkScope = optionsCheck('Scope');
const SCOPE_OPTION_KEYS = ['parent', 'bbName', 'bbVersion'];

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

/** What identifies a building block: its type name and its package version. */
export interface BuildingBlockMeta {
  /** The block type's name, e.g. `AuthBasic`. */
  readonly bbName: string;
  /** The version of the block's package. */
  readonly bbVersion: string;
}

// Shared by every loaded copy, so a backend re-imported by the sandbox counts into the runtime's registry.
const registry = (): Map<string, RegistryEntry> =>
  processSlot('blockyard:block-registry', () => new Map<string, RegistryEntry>());

function isOfficialBlock(value: unknown): value is BuildingBlockMeta {
  const meta = value as Partial<BuildingBlockMeta> | null;
  return (
    typeof meta === 'object' &&
    meta !== null &&
    typeof meta.bbName === 'string' &&
    typeof meta.bbVersion === 'string' &&
    OFFICIAL_BLOCK_NAMES.has(meta.bbName)
  );
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
    checkScope(typeof options === 'object' && options !== null, 'options', 'an object');
    warnUnknownOptions(`Scope '${id}'`, options, SCOPE_OPTION_KEYS);
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
      if (OFFICIAL_BLOCK_NAMES.has(name)) blocks.push({ name, version: entry.version });
      else customBlocksCount += entry.count;
    }
    return { blocks, totalCount, customBlocksCount };
  }

  /**
   * The `customUserAgent` chain a block hands to the SDK clients it creates:
   * `[['aws-blocks', CORE_VERSION], ['bb', '<name>/<version>'], …]` — the official blocks among the
   * enclosing scopes, outermost first, then this scope when it is an official block itself. Blocks
   * with other names never appear.
   */
  protected buildUserAgentChain(): [string, string][] {
    const chain: [string, string][] = [['aws-blocks', CORE_VERSION]];
    const enclosing: BuildingBlockMeta[] = [];
    for (let at: unknown = this.parent; typeof at === 'object' && at !== null; ) {
      if (isOfficialBlock(at)) enclosing.unshift(at);
      at = (at as { parent?: unknown }).parent;
    }
    for (const block of enclosing) chain.push(['bb', `${block.bbName}/${block.bbVersion}`]);
    if (isOfficialBlock(this) && this.bbVersion) chain.push(['bb', `${this.bbName}/${this.bbVersion}`]);
    return chain;
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
