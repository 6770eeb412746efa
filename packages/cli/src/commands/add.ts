/**
 * @module `blockyard add <block>`: adds a block's package to an existing app under its AWS Blocks name
 * (and its tarball to `vendor/` when the app installs from files), then prints the lines to paste.
 */
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliError, CliErrors } from '../cli/errors.js';
import type { OutputStreams } from '../cli/types.js';
import { commandUsageError, splitCommandArgs } from './create-args.js';
import {
  BLOCKS,
  type BlockName,
  CLI_PACKAGE,
  cliVersion,
  dependenciesFor,
  PACK_INDEX,
  type PackageSource,
  type PackIndex,
  packageSpecs,
  readPackIndex,
  repositoryPackDir,
  sortKeys,
  UMBRELLA,
  VENDOR_DIR,
} from './create-packages.js';

/** What to paste into `aws-blocks/index.ts` after adding each block (next to an existing `scope`). */
export const BLOCK_SNIPPETS: Record<BlockName, string> = {
  'auth-basic': `import { AuthBasic } from '@aws-blocks/bb-auth-basic';

const auth = new AuthBasic(scope, 'auth', {
  sessionDuration: 86400,
  passwordPolicy: { minLength: 8, requireDigits: true },
});
export const authApi = auth.createApi();
// In an ApiNamespace handler: const user = await auth.requireAuth(context);`,
  'kv-store': `import { KVStore } from '@aws-blocks/bb-kv-store';

const notes = new KVStore<{ text: string }>(scope, 'notes');
// In an ApiNamespace handler: await notes.put(key, { text }); const note = await notes.get(key);`,
  'email-client': `import { EmailClient } from '@aws-blocks/bb-email-client';

const email = new EmailClient(scope, 'email', { fromAddress: 'no-reply@example.com' });
// Without BLOCKS_EMAIL_URL the mail stays in a local mailbox, shown by the sandbox at
// /aws-blocks/dev/inbox; BLOCKS_EMAIL_URL=smtp://… or ses://<region> sends it. In a handler:
// await email.send({ to: 'user@example.com', subject: 'Hello', body: 'Hi!' });`,
};

/** What `blockyard add aws` adds: the construct package and the CDK it builds with. */
const AWS_TARGET = 'aws';
const AWS_SCRIPTS: Record<string, string> = { synth: 'blockyard synth', deploy: 'blockyard deploy' };

/** The usage text of `blockyard add`. */
export function addUsage(): string {
  return `Usage: blockyard add <block> [--dir <app>] [--packages <dir>]
       blockyard add aws [--dir <app>] [--packages <dir>]

Adds a block's package to the app's package.json under its AWS Blocks name, copies its tarball into
vendor/ when the app installs Blockyard from files, and prints the lines to paste into
aws-blocks/index.ts. Run "npm install" afterwards.

"add aws" adds the AWS deployment path instead: @blockyard/aws, aws-cdk-lib and constructs as dev
dependencies and the scripts synth ("blockyard synth") and deploy ("blockyard deploy").

Blocks: ${Object.keys(BLOCKS).join(', ')}

Options:
  --dir <app>        App folder (default: the current directory)
  --packages <dir>   Folder of packed packages to take a tarball from when vendor/ lacks it
                     (default: dist-packages/ of this Blockyard clone)
  -h, --help         Show this help
`;
}

interface AppManifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  [key: string]: unknown;
}

function isBlock(name: string): name is BlockName {
  return Object.hasOwn(BLOCKS, name);
}

/** The union of the app's vendored packages and a pack folder's, copying what vendor/ lacks. */
async function vendoredIndex(appDir: string, packagesDir: string, wanted: string): Promise<PackIndex> {
  const vendor = join(appDir, VENDOR_DIR);
  const own = (await readPackIndex(vendor)) ?? { version: cliVersion(), packages: {} };
  if (own.packages[wanted]) return own;
  const other = await readPackIndex(packagesDir);
  if (!other?.packages[wanted]) {
    throw new CliError(
      CliErrors.PackagesNotFound,
      `${wanted} is neither in ${vendor} nor in ${packagesDir}: run "npm run pack" in a Blockyard ` +
        'repository that has it and pass --packages <its dist-packages>.',
    );
  }
  const merged: PackIndex = { version: own.version, packages: { ...other.packages, ...own.packages } };
  await mkdir(vendor, { recursive: true });
  for (const [name, entry] of Object.entries(other.packages)) {
    if (!own.packages[name]) await copyFile(join(packagesDir, entry.file), join(vendor, entry.file));
  }
  await writeFile(join(vendor, PACK_INDEX), `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

/** Runs `blockyard add <argv…>`; resolves with the exit status (throws a CliError on failure). */
export async function runAdd(argv: readonly string[], io: OutputStreams & { cwd: string }): Promise<number> {
  const args = splitCommandArgs('add', argv, ['--dir', '--packages'], []);
  if (args.help) {
    io.stdout.write(addUsage());
    return 0;
  }
  const [block, extra] = args.positionals;
  const known = Object.keys(BLOCKS).join(', ');
  if (block === undefined) throw commandUsageError('add', `Missing the block to add: one of ${known}.`);
  if (extra !== undefined) throw commandUsageError('add', `Unexpected argument "${extra}".`);
  if (block !== AWS_TARGET && !isBlock(block))
    throw commandUsageError('add', `Unknown block "${block}": choose one of ${known}.`);

  const appDir = resolve(io.cwd, args.values.get('--dir') ?? '.');
  const manifestFile = join(appDir, 'package.json');
  const text = await readFile(manifestFile, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new CliError(
      CliErrors.AppNotFound,
      `No package.json in ${appDir}: run "blockyard add" in the app's folder or pass --dir <app>.`,
    );
  }
  let manifest: AppManifest;
  try {
    manifest = JSON.parse(text) as AppManifest;
  } catch (error) {
    throw new CliError(CliErrors.AppNotFound, `${manifestFile} is not valid JSON.`, { cause: error });
  }

  const current = manifest.dependencies ?? {};
  if (block === AWS_TARGET) return addAws(appDir, manifestFile, manifest, args.values.get('--packages'), io);
  const { alias, pkg } = BLOCKS[block];
  const fromFiles = (current[CLI_PACKAGE] ?? current[alias] ?? '').startsWith('file:');
  // The umbrella (Scope, ApiNamespace) and the command come along when the app has neither yet.
  const aliases = [{ alias, pkg }, UMBRELLA];
  let wanted: Record<string, string>;
  if (fromFiles) {
    const packagesDir = resolve(io.cwd, args.values.get('--packages') ?? repositoryPackDir());
    const index = await vendoredIndex(appDir, packagesDir, pkg);
    wanted = dependenciesFor({ kind: 'files', dir: join(appDir, VENDOR_DIR), index }, aliases);
  } else {
    wanted = dependenciesFor({ kind: 'registry', version: cliVersion() }, aliases);
  }
  // Entries the app already has stay as they are: they may pin versions on purpose.
  const added = Object.keys(wanted).filter((name) => current[name] === undefined);
  manifest.dependencies = sortKeys({ ...wanted, ...current });
  await writeManifest(manifestFile, manifest);

  io.stdout.write(
    `${added.length === 0 ? `${alias} was already in package.json` : `Added to package.json: ${added.join(', ')}`}.\n` +
      'Run "npm install", then use the block in aws-blocks/index.ts, for example:\n\n' +
      `${BLOCK_SNIPPETS[block]}\n`,
  );
  return 0;
}

async function writeManifest(file: string, manifest: AppManifest): Promise<void> {
  const tmp = `${file}.blockyard-add`;
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(tmp, file);
}

/**
 * `blockyard add aws`: `@blockyard/aws` (its tarball when the app installs Blockyard from files),
 * `aws-cdk-lib` and `constructs` as dev dependencies, and the `synth` and `deploy` scripts; entries
 * the app has are kept.
 */
async function addAws(
  appDir: string,
  manifestFile: string,
  manifest: AppManifest,
  packages: string | undefined,
  io: OutputStreams & { cwd: string },
): Promise<number> {
  const { AWS_PACKAGE, CDK_RANGES } = await import('./amplify-overlay.js');
  const current = manifest.dependencies ?? {};
  const dev = { ...manifest.devDependencies };
  const fromFiles = (current[CLI_PACKAGE] ?? '').startsWith('file:');
  let source: PackageSource = { kind: 'registry', version: cliVersion() };
  if (fromFiles) {
    const packagesDir = resolve(io.cwd, packages ?? repositoryPackDir());
    const index = await vendoredIndex(appDir, packagesDir, AWS_PACKAGE);
    source = { kind: 'files', dir: join(appDir, VENDOR_DIR), index };
  }
  const wanted: Record<string, string> = { ...packageSpecs(source, [AWS_PACKAGE]), ...CDK_RANGES };
  const added = Object.keys(wanted).filter((name) => current[name] === undefined && dev[name] === undefined);
  for (const name of added) dev[name] = wanted[name] as string;
  manifest.devDependencies = sortKeys(dev);
  const scripts = { ...manifest.scripts };
  for (const [name, command] of Object.entries(AWS_SCRIPTS)) scripts[name] ??= command;
  manifest.scripts = scripts;
  await writeManifest(manifestFile, manifest);
  io.stdout.write(
    `${added.length === 0 ? 'The AWS packages were already in package.json' : `Added to package.json: ${added.join(', ')}`}.\n` +
      'Run "npm install", then "npm run synth" prints the CloudFormation template and "npm run deploy" ' +
      'deploys it (needs AWS credentials; see docs/aws.md).\n',
  );
  return 0;
}
