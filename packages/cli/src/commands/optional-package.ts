import { CliError, CliErrors } from '../cli/errors.js';

/** What an app installs to synthesize and deploy (`blockyard synth`, `deploy`). */
export const AWS_PACKAGES = ['@blockyard/aws', 'aws-cdk-lib', 'constructs'] as const;

/** The package a failed import could not find, from Node's `ERR_MODULE_NOT_FOUND` message. */
function missingPackage(error: unknown): string | undefined {
  if ((error as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  return /Cannot find (?:package|module) '([^']+)'/.exec(String((error as Error).message))?.[1];
}

/**
 * Runs `load` (the dynamic imports of optional peer packages, such as `@blockyard/aws`, which an app
 * installs only when it deploys to AWS). When one of `packages` is not installed, throws a
 * `MissingPackageException` naming it and the install command, instead of Node's resolution error.
 */
export async function importOptional<T>(
  what: string,
  packages: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const missing = missingPackage(error);
    const named = missing && packages.find((pkg) => missing === pkg || missing.startsWith(`${pkg}/`));
    if (!named) throw error;
    // `blockyard add aws` knows where the app's Blockyard packages come from (vendor/ or a registry).
    const fix = packages.includes('@blockyard/aws')
      ? 'npx blockyard add aws, then npm install'
      : `npm install --save-dev ${packages.join(' ')}`;
    throw new CliError(
      CliErrors.MissingPackage,
      `${what} needs ${named}, which is not installed. In the app folder run: ${fix}`,
      { cause: error },
    );
  }
}
