/**
 * @module `blockyard create <dir> --amplify`: adds Blocks to an Amplify Gen 2 app (a folder with
 * `amplify/backend.ts`), with its packages vendored as tarballs (`--packages`, as every template) or
 * taken from the registry (`--registry`).
 */
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CliError, CliErrors } from '../cli/errors.js';
import type { OutputStreams, ParseContext } from '../cli/types.js';
import { commandUsageError, splitCommandArgs } from './create-args.js';
import {
  BLOCKS,
  cliVersion,
  dependenciesFor,
  filesSource,
  PACK_INDEX,
  type PackageSource,
  packageSpecs,
  readPackIndex,
  repositoryPackDir,
  sortKeys,
  UMBRELLA,
  VENDOR_DIR,
} from './create-packages.js';
import { TEMPLATES_DIR } from './create-template.js';

/** The line to add to `amplify/backend.ts`, after `defineBackend(…)`. */
export const BACKEND_LINE = "(await import('./blocks.js')).initBlocks(backend);";

/** The overlay's files, copied as they are: `aws-blocks/index.ts` and `amplify/blocks.ts`. */
const OVERLAY_DIR = join(TEMPLATES_DIR, 'amplify');
const OVERLAY_FILES = [join('aws-blocks', 'index.ts'), join('amplify', 'blocks.ts')];

/** The CognitoAuth package the overlay's backend imports under its own name. */
export const COGNITO_PACKAGE = '@blockyard/auth-cognito';
/** The construct package `amplify/blocks.ts` imports. */
export const AWS_PACKAGE = '@blockyard/aws';
/**
 * The lowest versions of the CDK that `@blockyard/aws` works with (its peer dependencies); a test
 * holds them equal.
 */
export const CDK_RANGES: Readonly<Record<'aws-cdk-lib' | 'constructs', string>> = {
  'aws-cdk-lib': '^2.276.0',
  constructs: '^10.8.1',
};

/** The package of `ampx`, which the `sandbox` script runs; every Amplify Gen 2 app has it. */
const AMPLIFY_CLI = '@aws-amplify/backend-cli';

const SCRIPTS: Record<string, string> = {
  sandbox: 'ampx sandbox',
  'blocks:dev': 'blockyard sandbox',
};
const GITIGNORE = ['.blocks-sandbox/', '.bb-data/', 'aws-blocks/blocks.spec.json', 'aws-blocks/client.js'];

/** What the overlay did. */
export interface AmplifyOverlayResult {
  /** Files created, relative to the app folder. */
  created: string[];
  /** Files changed, relative to the app folder. */
  modified: string[];
  /** Dependencies added to `package.json` (name → spec), dev dependencies included. */
  added: Record<string, string>;
  /** Notes on existing dependencies the overlay left alone but that may need a newer version. */
  notes: string[];
  /** The line to add to `amplify/backend.ts`. */
  backendLine: string;
}

type PackageJson = Record<string, unknown> & {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
};

/** `[major, minor, patch]` of the lowest version a `^x.y.z` / `~x.y.z` / `x.y.z` range admits. */
function lowest(range: string | undefined): [number, number, number] | undefined {
  const match = /^\s*[\^~]?(\d+)\.(\d+)\.(\d+)\s*$/.exec(range ?? '');
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The peer dependencies of the app's installed `@aws-amplify/backend`, when it is installed. */
async function amplifyPeers(dir: string): Promise<Record<string, string>> {
  const file = join(dir, 'node_modules', '@aws-amplify', 'backend', 'package.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return {};
  try {
    return (JSON.parse(text) as { peerDependencies?: Record<string, string> }).peerDependencies ?? {};
  } catch {
    return {};
  }
}

/**
 * The CDK ranges for the app: `@blockyard/aws`'s, raised to what the app's `@aws-amplify/backend`
 * asks for when that is higher (same major), so npm resolves one copy both accept.
 */
export function cdkRangesFor(amplify: Record<string, string>): Record<string, string> {
  const ranges: Record<string, string> = {};
  for (const [name, ours] of Object.entries(CDK_RANGES)) {
    const theirs = amplify[name];
    const [a, b] = [lowest(ours), lowest(theirs)];
    if (theirs && a && b && b[0] !== a[0]) {
      throw new CliError(
        CliErrors.Usage,
        `The app's @aws-amplify/backend needs ${name}@${theirs}, Blockyard needs ${ours}: they share no major version. Update @aws-amplify/backend first; nothing was changed.`,
      );
    }
    ranges[name] = a && b && compare(b, a) > 0 ? `^${b.join('.')}` : ours;
  }
  return ranges;
}

/** Fills `target` with the entries of `wanted` it lacks; returns what it added. */
function addMissing(target: Record<string, string>, wanted: Record<string, string>, taken: Set<string>) {
  const added: Record<string, string> = {};
  for (const [name, value] of Object.entries(wanted)) {
    if (taken.has(name)) continue;
    target[name] = value;
    added[name] = value;
    taken.add(name);
  }
  return added;
}

/** Copies the tarballs `wanted` names into `<dir>/vendor/`, keeping every file already there. */
async function vendor(source: PackageSource, dir: string, wanted: Record<string, string>): Promise<boolean> {
  if (source.kind !== 'files') return false;
  const vendorDir = join(dir, VENDOR_DIR);
  await mkdir(vendorDir, { recursive: true });
  const own = (await readPackIndex(vendorDir)) ?? { version: source.index.version, packages: {} };
  const packages = { ...own.packages };
  for (const [name, entry] of Object.entries(source.index.packages)) {
    if (!Object.values(wanted).includes(`file:${VENDOR_DIR}/${entry.file}`)) continue;
    await copyFile(join(source.dir, entry.file), join(vendorDir, entry.file), constants.COPYFILE_EXCL).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
    packages[name] ??= entry;
  }
  await writeFile(join(vendorDir, PACK_INDEX), `${JSON.stringify({ ...own, packages }, null, 2)}\n`);
  return true;
}

/**
 * Adds Blocks to an Amplify Gen 2 app: creates `aws-blocks/index.ts` and `amplify/blocks.ts`, and
 * adds to `package.json` (only what it lacks) the Blockyard packages, `aws-cdk-lib`, `constructs` and
 * `@types/node` at versions the app's `@aws-amplify/backend` accepts, and the `blocks:dev` script
 * (and `sandbox` = `ampx sandbox`); the local data folders to `.gitignore`; from files, the tarballs
 * to `vendor/`. Nothing is overwritten, and `amplify/backend.ts` is never edited: an existing
 * `aws-blocks/` or `amplify/blocks.ts` stops it before any change.
 */
export async function applyAmplifyOverlay(
  appDir: string,
  source: PackageSource,
): Promise<AmplifyOverlayResult> {
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
  const hadPackageJson = existsSync(pkgFile);
  let pkg: PackageJson = {};
  if (hadPackageJson) {
    try {
      pkg = JSON.parse(await readFile(pkgFile, 'utf8')) as PackageJson;
    } catch (error) {
      throw new CliError(CliErrors.Usage, `${pkgFile} is not valid JSON; nothing was changed.`, {
        cause: error,
      });
    }
  }
  const cdk = cdkRangesFor(await amplifyPeers(dir));

  const dependencies = { ...pkg.dependencies };
  const devDependencies = { ...pkg.devDependencies };
  const taken = new Set([...Object.keys(dependencies), ...Object.keys(devDependencies)]);
  const notes: string[] = [];
  for (const [name, range] of Object.entries(cdk)) {
    const have = dependencies[name] ?? devDependencies[name];
    const [want, got] = [lowest(range), lowest(have)];
    if (have && want && got && compare(got, want) < 0) {
      notes.push(
        `${name} is "${have}" in package.json; Blockyard needs ${range}: npm install -D ${name}@"${range}"`,
      );
    }
  }
  if (!taken.has(AMPLIFY_CLI)) {
    notes.push(
      `${AMPLIFY_CLI} is not in package.json; "npm run sandbox" (ampx) needs it: npm install -D ${AMPLIFY_CLI}`,
    );
  }
  const aliases = [UMBRELLA, BLOCKS['auth-basic']];
  const added = {
    ...addMissing(dependencies, dependenciesFor(source, aliases), taken),
    ...addMissing(dependencies, packageSpecs(source, [COGNITO_PACKAGE]), taken),
    ...addMissing(devDependencies, packageSpecs(source, [AWS_PACKAGE]), taken),
    ...addMissing(
      devDependencies,
      { ...cdk, '@types/node': `^${process.versions.node.split('.')[0]}.0.0` },
      taken,
    ),
  };
  const scripts = { ...pkg.scripts };
  const addedScripts = addMissing(scripts, SCRIPTS, new Set(Object.keys(scripts)));

  const created: string[] = [];
  const modified: string[] = [];
  for (const file of OVERLAY_FILES) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), await readFile(join(OVERLAY_DIR, file), 'utf8'), { flag: 'wx' });
    created.push(file);
  }
  if (await vendor(source, dir, added)) created.push(`${VENDOR_DIR}/`);

  if (Object.keys(added).length > 0 || Object.keys(addedScripts).length > 0 || !hadPackageJson) {
    const next = {
      ...pkg,
      scripts,
      dependencies: sortKeys(dependencies),
      devDependencies: sortKeys(devDependencies),
    };
    const tmp = `${pkgFile}.blockyard-amplify`;
    await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`);
    await rename(tmp, pkgFile);
    (hadPackageJson ? modified : created).push('package.json');
  }

  const ignoreFile = join(dir, '.gitignore');
  const ignore = existsSync(ignoreFile) ? await readFile(ignoreFile, 'utf8') : '';
  const lines = new Set(ignore.split(/\r?\n/).map((line) => line.trim()));
  const missing = GITIGNORE.filter((entry) => !lines.has(entry) && !lines.has(entry.replace(/\/$/, '')));
  if (missing.length > 0) {
    const prefix = ignore === '' || ignore.endsWith('\n') ? ignore : `${ignore}\n`;
    await writeFile(ignoreFile, `${prefix}# Blocks: local data and sandbox state\n${missing.join('\n')}\n`);
    (ignore === '' ? created : modified).push('.gitignore');
  }
  return { created, modified, added, notes, backendLine: BACKEND_LINE };
}

/** Options of `blockyard create <dir> --amplify`. */
export interface AmplifyFlags {
  appDir: string;
  /** `--packages <dir>` (absolute), when given. */
  packagesDir?: string;
  /** `--registry`: depend on the published packages. */
  registry: boolean;
  /** `--help`: print the usage of `create`. */
  help: boolean;
}

/** Parses `blockyard create <dir> --amplify [--packages <dir> | --registry]`. */
export function parseAmplifyArgs(
  argv: readonly string[],
  context: ParseContext,
): { kind: 'amplify'; flags: AmplifyFlags } {
  const args = splitCommandArgs('create', argv, ['--packages'], ['--amplify', '--registry']);
  const [dir, extra] = args.positionals;
  if (extra !== undefined) throw commandUsageError('create', `Unexpected argument "${extra}".`);
  const registry = args.switches.has('--registry');
  const packages = args.values.get('--packages');
  if (registry && packages !== undefined) {
    throw commandUsageError('create', '--registry and --packages exclude each other.');
  }
  return {
    kind: 'amplify',
    flags: {
      appDir: resolve(context.cwd, dir ?? '.'),
      ...(packages !== undefined ? { packagesDir: resolve(context.cwd, packages) } : {}),
      registry,
      help: args.help,
    },
  };
}

/** `blockyard create <dir> --amplify`: applies the overlay and says what to do next. */
export async function runAmplifyOverlay(
  flags: AmplifyFlags,
  io: OutputStreams & { cwd: string },
): Promise<number> {
  if (flags.help) {
    const { createUsage } = await import('./create.js');
    io.stdout.write(createUsage());
    return 0;
  }
  const source: PackageSource = flags.registry
    ? { kind: 'registry', version: cliVersion() }
    : await filesSource(flags.packagesDir ?? repositoryPackDir());
  const result = await applyAmplifyOverlay(flags.appDir, source);
  const shown = relative(io.cwd, flags.appDir) || '.';
  for (const file of result.created) io.stdout.write(`CREATE ${join(shown, file)}\n`);
  for (const file of result.modified) io.stdout.write(`MODIFY ${join(shown, file)}\n`);
  for (const note of result.notes) io.stdout.write(`NOTE   ${note}\n`);
  io.stdout.write(
    `\nAdd this line to amplify/backend.ts, after defineBackend(…):\n\n  ${result.backendLine}\n\n` +
      'Then: npm install; "npm run sandbox" deploys your Amplify sandbox with the Blocks API ' +
      '(its URL is custom.blocks_api_url in amplify_outputs.json), "npm run blocks:dev" serves the ' +
      'same backend locally, and a page on localhost calls it while it runs (no code change).\n',
  );
  return 0;
}
