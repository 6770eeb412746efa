import { isAbsolute, resolve } from 'node:path';
import { processSlot } from '@blockyard/core/block';
import type { EngineOptions, KvEngine } from './engine.js';
import { validationFailed } from './errors.js';

/** Options of {@link openEngine}. */
export interface OpenEngineOptions extends EngineOptions {
  /** Folder that a relative `sqlite:` path is resolved against; defaults to the working directory. */
  baseDir?: string;
  /**
   * SQLite only: the file's folder holds nothing but this data (like `.bb-data`), so an existing folder
   * with looser permissions is tightened to 0700 as well as the files to 0600. Without it only the files
   * are tightened, since the folder may hold other things.
   */
  ownFolder?: boolean;
  /**
   * SQLite only: how long an operation waits (asynchronously) for another process's lock before
   * failing with EngineUnavailable. Default 5000.
   */
  busyTimeoutMs?: number;
}

/** Opens an engine for a URL scheme registered with {@link registerEngineScheme}. */
export type EngineOpener = (url: string, options: OpenEngineOptions) => Promise<KvEngine>;

// A process slot, like the process engine: every loaded copy of this package sees one registry.
const registeredSchemes = (): Map<string, EngineOpener> =>
  processSlot('blockyard:kv-engine-schemes', () => new Map<string, EngineOpener>());

/**
 * Lets a package that stands on this one serve another URL scheme (`dynamodb:` from `@blockyard/aws`)
 * without this package depending on it. `scheme` ends with `:`; registering it again replaces it.
 */
export function registerEngineScheme(scheme: string, open: EngineOpener): void {
  if (!/^[a-z][a-z0-9+.-]*:$/.test(scheme)) throw validationFailed('an engine scheme looks like `name:`');
  if (typeof open !== 'function') throw validationFailed('an engine scheme needs an opener function');
  registeredSchemes().set(scheme, open);
}

function sqlitePath(rest: string): { path: string; synchronous: 'full' | 'normal' | undefined } {
  const query = rest.indexOf('?');
  const raw = query === -1 ? rest : rest.slice(0, query);
  const params = new URLSearchParams(query === -1 ? '' : rest.slice(query + 1));
  const synchronous = params.get('synchronous')?.toLowerCase();
  if (synchronous !== undefined && synchronous !== 'full' && synchronous !== 'normal') {
    throw validationFailed('sqlite: `synchronous` must be `full` or `normal`');
  }
  const path = raw.startsWith('//') ? raw.slice(2) : raw;
  if (path.length === 0) throw validationFailed('sqlite: URL names no file (use sqlite:<path>)');
  return { path, synchronous };
}

/**
 * Opens a new engine for `url`: `memory:`, `sqlite:<path>[?synchronous=full|normal]` or
 * `postgres://user:password@host:port/database`. Each call opens its own connection or pool; most code
 * wants the process-wide engine instead (`configureEngine` / `getEngine`). Engine modules load on demand,
 * so a process that uses one engine never loads the others' drivers.
 */
export async function openEngine(url: string, options: OpenEngineOptions = {}): Promise<KvEngine> {
  if (typeof url !== 'string') throw validationFailed('the engine URL must be a string');
  const { baseDir, ownFolder, ...engineOptions } = options;
  if (url === 'memory:' || url === 'memory://') {
    const { MemoryEngine } = await import('./engines/memory/memory-engine.js');
    return new MemoryEngine(engineOptions);
  }
  if (url.startsWith('sqlite:')) {
    const { path, synchronous } = sqlitePath(url.slice('sqlite:'.length));
    const absolute = path === ':memory:' || isAbsolute(path) ? path : resolve(baseDir ?? process.cwd(), path);
    const { SqliteEngine } = await import('./engines/sqlite/sqlite-engine.js');
    return new SqliteEngine(absolute, {
      ...engineOptions,
      ownFolder,
      ...(synchronous ? { synchronous } : {}),
    });
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { PostgresEngine } = await import('./engines/postgres/postgres-engine.js');
    return new PostgresEngine(url, engineOptions);
  }
  // Only the scheme is echoed: the rest of a URL may hold a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  const registered = registeredSchemes().get(scheme.toLowerCase());
  if (registered) return registered(url, options);
  throw validationFailed(
    `unsupported engine URL scheme ${scheme} (use memory:, sqlite:<path> or postgres://…)`,
  );
}
