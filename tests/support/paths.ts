/**
 * @module tests/support/paths — locations the cross-package tests use.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The built `blockyard` entry point (run `npm run build` first). */
export const CLI_BIN = join(REPO_ROOT, 'packages/cli/dist/bin.js');

/**
 * Where throw-away apps go: inside the repository (gitignored), so their backends resolve
 * `@aws-blocks/blocks` and the other package names through the root `node_modules`.
 */
export const TMP_APPS_DIR = join(REPO_ROOT, 'tests/.tmp-apps');
