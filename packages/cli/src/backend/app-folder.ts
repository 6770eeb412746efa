import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, CliErrors } from '../cli/errors.js';

/** The backend entry of an app, relative to the app folder. */
export const BACKEND_ENTRY = join('aws-blocks', 'index.ts');

const CREATE_HINT = 'To start a new app, run "blockyard create".';

function kindOf(path: string): 'folder' | 'file' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * Throws a `BackendNotFoundException` unless `appDir` is a folder holding `aws-blocks/index.ts`, telling
 * a missing folder apart from a folder without a backend. `given` is the `--dir` value exactly as the
 * user typed it (paths in the message are shown that way), or `undefined` when the app is the current
 * folder; only then is `--dir` suggested.
 */
export function assertBackendFolder(appDir: string, given: string | undefined): void {
  const folder = given ?? `the current folder (${appDir})`;
  const entry = given === undefined ? BACKEND_ENTRY : join(given, BACKEND_ENTRY);
  const kind = kindOf(appDir);
  if (kind === 'missing') {
    throw new CliError(
      CliErrors.BackendNotFound,
      `No app folder at ${given ?? appDir}: the folder does not exist. Check the path. ${CREATE_HINT}`,
    );
  }
  if (kind === 'file') {
    throw new CliError(
      CliErrors.BackendNotFound,
      `${given ?? appDir} is a file, not an app folder: pass the folder that holds aws-blocks/index.ts.`,
    );
  }
  if (kindOf(join(appDir, BACKEND_ENTRY)) !== 'file') {
    const where =
      given === undefined
        ? `Run blockyard in the app folder, or pass --dir <app>. ${CREATE_HINT}`
        : `Every app has its backend there. ${CREATE_HINT}`;
    throw new CliError(
      CliErrors.BackendNotFound,
      `No backend in ${folder}: ${entry} does not exist. ${where}`,
    );
  }
}
