import { BLOCKS, cliVersion } from './create-packages.js';

// The @aws-blocks/* names an app may import, beyond the blocks `blockyard add` knows.
const OTHER_ALIASES: Record<string, string> = {
  '@aws-blocks/blocks': '@blockyard/blocks',
  '@aws-blocks/core': '@blockyard/core',
  '@aws-blocks/auth-common': '@blockyard/auth-common',
  '@aws-blocks/bb-app-setting': '@blockyard/app-setting',
};

const MISSING_PACKAGE = /Cannot find package '((?:@aws-blocks\/)[^'/]+)/;

/**
 * For an import of an `@aws-blocks/*` package the app does not have (Node's `ERR_MODULE_NOT_FOUND`),
 * the line saying how to add it; undefined for any other error.
 */
export function missingPackageHint(error: unknown): string | undefined {
  if ((error as NodeJS.ErrnoException)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const name = MISSING_PACKAGE.exec((error as Error).message)?.[1];
  if (name === undefined) return undefined;
  const block = Object.entries(BLOCKS).find(([, entry]) => entry.alias === name)?.[0];
  if (block) return `  fix: run "npx blockyard add ${block}", then "npm install".`;
  const pkg = OTHER_ALIASES[name];
  if (!pkg) return undefined;
  return `  fix: add "${name}": "npm:${pkg}@^${cliVersion()}" to the app's package.json dependencies (or its file:vendor/ tarball), then run "npm install".`;
}
