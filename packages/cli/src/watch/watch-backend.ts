import { existsSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';

/** Folders never watched. */
const IGNORED_DIRS = new Set(['node_modules', '.bb-data', '.blocks-sandbox', '.git']);
/** Files the sandbox (or code generation) writes into `aws-blocks/` itself. */
const GENERATED_FILES = new Set(['blocks.spec.json', 'client.js']);
/** Extensions of files whose change can change the backend. */
const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json']);

/**
 * Files a package install writes when it finishes (npm's lockfile and its copy in `node_modules`):
 * their change reloads the backend, so a package installed while the sandbox runs (after `blockyard
 * add`) is picked up by the next load without a restart.
 */
export const INSTALL_MARKERS: readonly string[] = [
  'package-lock.json',
  join('node_modules', '.package-lock.json'),
];

/** A running watcher. */
export interface BackendWatcher {
  /** Also watches these files (the backend's sources outside `aws-blocks/`). */
  watchFiles(files: readonly string[]): void;
  /** Stops watching; pending notifications are dropped. */
  close(): Promise<void>;
}

/** Options of {@link watchBackend}. */
export interface WatchOptions {
  /** The app folder; `<appDir>/aws-blocks` is watched. */
  appDir: string;
  /** Quiet period after the last change before `onChange` runs. */
  debounceMs?: number;
  /** Called once per burst of changes with the changed files (absolute paths). */
  onChange(files: string[]): void;
  /** Called once the initial scan is done and changes are being reported. */
  onReady?(): void;
  /** Called when the file watcher fails. */
  onError?(error: unknown): void;
}

/** True for a path (relative to the app folder) the sandbox must not react to. */
export function isIgnoredPath(path: string, isFile: boolean): boolean {
  const segments = path.split(sep);
  if (segments.some((segment) => IGNORED_DIRS.has(segment))) return true;
  if (!isFile) return false;
  return GENERATED_FILES.has(basename(path)) || !SOURCE_EXTENSIONS.has(extname(path));
}

/**
 * Watches the backend's files with chokidar (loaded only here, so `--no-watch` never pays for it)
 * and reports each burst of changes once, after `debounceMs` without further changes.
 */
export async function watchBackend(options: WatchOptions): Promise<BackendWatcher> {
  const { watch } = await import('chokidar');
  const root = join(options.appDir, 'aws-blocks');
  const debounceMs = options.debounceMs ?? 80;
  const extra = new Set<string>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  // Only the markers an install already wrote: watching a missing file would watch its folder instead.
  const markers = new Set(
    INSTALL_MARKERS.map((marker) => join(options.appDir, marker)).filter((file) => existsSync(file)),
  );
  const ignored = (path: string, isFile: boolean) =>
    !markers.has(path) && isIgnoredPath(relative(options.appDir, path), isFile);
  const watcher = watch([root, ...markers], {
    ignoreInitial: true,
    ignored: (path, stats) => ignored(path, stats?.isFile() ?? false),
  });
  const flush = () => {
    timer = undefined;
    if (closed || pending.size === 0) return;
    const files = [...pending];
    pending.clear();
    options.onChange(files);
  };
  watcher.on('all', (event, path) => {
    const isFile = event === 'add' || event === 'change' || event === 'unlink';
    if (closed || ignored(path, isFile)) return;
    pending.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  watcher.on('error', (error) => options.onError?.(error));
  watcher.once('ready', () => options.onReady?.());

  return {
    watchFiles(files) {
      const outside = files.filter((file) => {
        const rel = relative(root, file);
        const outsideRoot = rel.startsWith('..') || rel === file;
        return outsideRoot && !extra.has(file) && !isIgnoredPath(relative(options.appDir, file), true);
      });
      for (const file of outside) extra.add(file);
      if (outside.length > 0) watcher.add(outside);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
