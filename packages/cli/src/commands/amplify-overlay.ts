import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CliError, CliErrors } from '../cli/errors.js';
import type { OutputStreams, ParseContext } from '../cli/types.js';

/** The line to add to `amplify/backend.ts`, after `defineBackend(…)`. */
export const BACKEND_LINE = "(await import('./blocks.js')).initBlocks(backend);";

/**
 * The seed backend: the basic template of `blockyard create`, read from the
 * package's `templates/` (beside `src/` and `dist/` alike), so the seed text lives in one file.
 */
const BACKEND_INDEX = new URL('../../templates/basic/aws-blocks/index.ts', import.meta.url);

const AMPLIFY_BLOCKS = `import { fileURLToPath } from 'node:url';
import { BlocksBackend } from '@blockyard/aws/cdk';
import type { Stack } from 'aws-cdk-lib';

/** The parts of Amplify's \`defineBackend(…)\` result that the Blocks backend uses. */
export interface AmplifyBackendLike {
  createStack(name: string): Stack;
  addOutput(output: { custom: Record<string, unknown> }): void;
}

/**
 * Adds the Blocks backend (\`aws-blocks/index.ts\`) to the Amplify backend: a Lambda function behind an
 * HTTP API with its DynamoDB table and signing keys, in a stack of its own. The API URL reaches the
 * client through \`amplify_outputs.json\` as \`custom.blocks_api_url\`.
 */
export function initBlocks(backend: AmplifyBackendLike): BlocksBackend {
  const stack = backend.createStack('blocks');
  const blocks = new BlocksBackend(stack, 'blocks', {
    appDir: fileURLToPath(new URL('..', import.meta.url)),
    allowedOrigins: (process.env.CORS_ALLOWED_ORIGINS ?? '').split(',').filter((origin) => origin !== ''),
  });
  backend.addOutput({ custom: { blocks_api_url: blocks.apiUrl } });
  return blocks;
}
`;

const DEPENDENCIES: Record<string, string> = {
  '@aws-blocks/blocks': 'npm:@blockyard/blocks@^0.1.0',
  '@aws-blocks/bb-auth-basic': 'npm:@blockyard/auth-basic@^0.1.0',
};
const DEV_DEPENDENCIES: Record<string, string> = {
  '@blockyard/aws': '^0.1.0',
  '@blockyard/cli': '^0.1.0',
};
const SCRIPTS: Record<string, string> = {
  sandbox: 'ampx sandbox',
  'blocks:dev': 'blockyard sandbox',
};
const GITIGNORE = ['.blocks-sandbox/', '.bb-data/'];

/** What the overlay did. */
export interface AmplifyOverlayResult {
  /** Files created, relative to the app folder. */
  created: string[];
  /** Files changed, relative to the app folder. */
  modified: string[];
  /** The line to add to `amplify/backend.ts`. */
  backendLine: string;
}

type PackageJson = Record<string, unknown> & {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
};

function addMissing(target: Record<string, string> | undefined, entries: Record<string, string>) {
  const out = { ...target };
  let changed = false;
  for (const [name, value] of Object.entries(entries)) {
    if (out[name] === undefined) {
      out[name] = value;
      changed = true;
    }
  }
  return { out, changed };
}

/**
 * Adds Blocks to an Amplify Gen 2 app (a folder with `amplify/backend.ts`): creates `aws-blocks/index.ts`
 * and `amplify/blocks.ts`, adds the packages and the `blocks:dev` script (and `sandbox` = `ampx
 * sandbox` when missing) to `package.json`, and the local data folders to `.gitignore`. Nothing is
 * overwritten: an existing `aws-blocks/` or `amplify/blocks.ts` stops it before any change.
 */
export async function applyAmplifyOverlay(appDir: string): Promise<AmplifyOverlayResult> {
  const dir = resolve(appDir);
  if (!existsSync(join(dir, 'amplify', 'backend.ts'))) {
    throw new CliError(
      CliErrors.BackendNotFound,
      `No Amplify Gen 2 app in ${dir}: amplify/backend.ts does not exist.`,
    );
  }
  for (const taken of ['aws-blocks', join('amplify', 'blocks.ts')]) {
    if (existsSync(join(dir, taken))) {
      throw new CliError(CliErrors.Usage, `${taken} already exists in ${dir}; nothing was changed.`);
    }
  }
  const pkgFile = join(dir, 'package.json');
  let pkg: PackageJson = {};
  if (existsSync(pkgFile)) {
    try {
      pkg = JSON.parse(await readFile(pkgFile, 'utf8')) as PackageJson;
    } catch (error) {
      throw new CliError(CliErrors.Usage, `${pkgFile} is not valid JSON; nothing was changed.`, {
        cause: error,
      });
    }
  }
  const created: string[] = [];
  const modified: string[] = [];
  const backendIndex = await readFile(BACKEND_INDEX, 'utf8');
  await mkdir(join(dir, 'aws-blocks'), { recursive: true });
  await writeFile(join(dir, 'aws-blocks', 'index.ts'), backendIndex, { flag: 'wx' });
  created.push(join('aws-blocks', 'index.ts'));
  await writeFile(join(dir, 'amplify', 'blocks.ts'), AMPLIFY_BLOCKS, { flag: 'wx' });
  created.push(join('amplify', 'blocks.ts'));

  const dependencies = addMissing(pkg.dependencies, DEPENDENCIES);
  const devDependencies = addMissing(pkg.devDependencies, DEV_DEPENDENCIES);
  const scripts = addMissing(pkg.scripts, SCRIPTS);
  const hadPackageJson = existsSync(pkgFile);
  if (dependencies.changed || devDependencies.changed || scripts.changed || !hadPackageJson) {
    const next = {
      ...pkg,
      scripts: scripts.out,
      dependencies: dependencies.out,
      devDependencies: devDependencies.out,
    };
    await writeFile(pkgFile, `${JSON.stringify(next, null, 2)}\n`);
    (hadPackageJson ? modified : created).push('package.json');
  }

  const ignoreFile = join(dir, '.gitignore');
  const ignore = existsSync(ignoreFile) ? await readFile(ignoreFile, 'utf8') : '';
  const lines = new Set(ignore.split(/\r?\n/).map((line) => line.trim()));
  const missing = GITIGNORE.filter((entry) => !lines.has(entry) && !lines.has(entry.replace(/\/$/, '')));
  if (missing.length > 0) {
    const prefix = ignore === '' || ignore.endsWith('\n') ? ignore : `${ignore}\n`;
    await writeFile(ignoreFile, `${prefix}# Blocks\n${missing.join('\n')}\n`);
    (ignore === '' ? created : modified).push('.gitignore');
  }
  return { created, modified, backendLine: BACKEND_LINE };
}

/** Options of `blockyard create <dir> --amplify`. */
export interface AmplifyFlags {
  appDir: string;
}

/** Parses `blockyard create <dir> --amplify` (the overlay's own arguments). */
export function parseAmplifyArgs(
  argv: readonly string[],
  context: ParseContext,
): { kind: 'amplify'; flags: AmplifyFlags } {
  const positional = argv.filter((arg) => arg !== '--amplify');
  const unknown = positional.find((arg) => arg.startsWith('-'));
  if (unknown !== undefined || positional.length > 1) {
    throw new CliError(
      CliErrors.Usage,
      `Usage: blockyard create <dir> --amplify (unexpected "${unknown ?? positional[1]}")`,
    );
  }
  return { kind: 'amplify', flags: { appDir: resolve(context.cwd, positional[0] ?? '.') } };
}

/** `blockyard create <dir> --amplify`: applies the overlay and says what to do next. */
export async function runAmplifyOverlay(
  flags: AmplifyFlags,
  io: OutputStreams & { cwd: string },
): Promise<number> {
  const result = await applyAmplifyOverlay(flags.appDir);
  const shown = relative(io.cwd, flags.appDir) || '.';
  for (const file of result.created) io.stdout.write(`CREATE ${join(shown, file)}\n`);
  for (const file of result.modified) io.stdout.write(`MODIFY ${join(shown, file)}\n`);
  io.stdout.write(
    `\nAdd this line to amplify/backend.ts, after defineBackend(…):\n\n  ${result.backendLine}\n\n` +
      'Then: npm install; "npm run sandbox" deploys your Amplify sandbox with the Blocks API, ' +
      '"npm run blocks:dev" serves the Blocks backend locally.\n',
  );
  return 0;
}
