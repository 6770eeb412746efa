import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, CliErrors } from '../cli/errors.js';
import { sortKeys } from './create-packages.js';

type Manifest = Record<string, unknown> & {
  allowScripts?: Record<string, unknown>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: string[];
};

async function readOptional(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

/**
 * The `package.json` of an app written with `--force` into a folder that has one: the folder's
 * manifest, with the new app's scripts, dependencies, dev dependencies, allowed install scripts and
 * workspaces added where it has none of that name.
 */
export async function mergedManifest(dir: string, fresh: string): Promise<string> {
  const file = join(dir, 'package.json');
  const text = await readOptional(file);
  if (text === undefined) return fresh;
  let existing: Manifest;
  try {
    existing = JSON.parse(text) as Manifest;
  } catch (error) {
    throw new CliError(
      CliErrors.TargetNotEmpty,
      `${file} is not valid JSON: fix it, or create the app elsewhere.`,
      {
        cause: error,
      },
    );
  }
  const app = JSON.parse(fresh) as Manifest;
  const merged: Manifest = {
    ...app,
    ...existing,
    scripts: { ...app.scripts, ...existing.scripts },
    dependencies: sortKeys({ ...app.dependencies, ...existing.dependencies }),
  };
  if (app.devDependencies) {
    merged.devDependencies = sortKeys({ ...app.devDependencies, ...existing.devDependencies });
  }
  if (app.allowScripts) merged.allowScripts = { ...app.allowScripts, ...existing.allowScripts };
  if (app.workspaces) {
    const own = Array.isArray(existing.workspaces) ? existing.workspaces : [];
    merged.workspaces = [...own, ...app.workspaces.filter((w) => !own.includes(w))];
  }
  return `${JSON.stringify(merged, null, 2)}\n`;
}

/** The folder's `.gitignore` with the lines of `fresh` it lacks appended, or `fresh` when it has none. */
export async function mergedGitignore(dir: string, fresh: string): Promise<string> {
  const text = await readOptional(join(dir, '.gitignore'));
  if (text === undefined) return fresh;
  const have = new Set(text.split('\n').map((line) => line.trim()));
  const missing = fresh.split('\n').filter((line) => line.trim() !== '' && !have.has(line.trim()));
  if (missing.length === 0) return text;
  return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${missing.join('\n')}\n`;
}
