import { chmod, cp, mkdir, mkdtemp, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError, CliErrors, isCliError } from '../cli/errors.js';

/** What is at the place an app is to be created. */
export type TargetState = 'absent' | 'empty' | 'non-empty' | 'not-a-folder';

/** Whether `target` is free for a new app. */
export async function targetState(target: string): Promise<TargetState> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return 'absent';
  if (!info.isDirectory()) return 'not-a-folder';
  return (await readdir(target)).length === 0 ? 'empty' : 'non-empty';
}

function writeFailed(target: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOTDIR'
        ? 'a parent of it is a file, not a folder'
        : code === 'EROFS'
          ? 'the file system is read-only'
          : code === 'ENOSPC'
            ? 'no space left on the device'
            : ((error as Error)?.message ?? String(error));
  return new CliError(CliErrors.WriteFailed, `Cannot write the app to ${target}: ${reason}.`, {
    cause: error,
  });
}

/**
 * Fills a temporary folder beside `target` with `fill`, then renames it to `target`, so a failure at
 * any point leaves nothing behind (not even the parent folders it made). With `merge` (an existing,
 * non-empty `target` and `--force`) the files are copied over the folder's own instead: files of the
 * same name are replaced, others are kept.
 */
export async function writeAppAtomically(
  target: string,
  merge: boolean,
  fill: (dir: string) => Promise<void>,
): Promise<void> {
  const parent = dirname(target);
  let madeParent: string | undefined;
  let staging: string | undefined;
  try {
    madeParent = await mkdir(parent, { recursive: true });
    staging = await mkdtemp(join(parent, `.${basename(target)}.creating-`));
    // mkdtemp makes the folder private (0700); the app folder is an ordinary one.
    await chmod(staging, 0o755);
    await fill(staging);
    if (merge) {
      await cp(staging, target, { recursive: true, force: true });
      await rm(staging, { recursive: true, force: true });
    } else {
      // rename() replaces an empty folder on POSIX, not on Windows: remove it first.
      await rmdir(target).catch(() => {});
      await rename(staging, target);
    }
    staging = undefined;
  } catch (error) {
    if (staging) await rm(staging, { recursive: true, force: true }).catch(() => {});
    if (madeParent) await rm(madeParent, { recursive: true, force: true }).catch(() => {});
    if (isCliError(error)) throw error;
    throw writeFailed(target, error);
  }
}
