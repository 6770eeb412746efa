/**
 * @module `blockyard create <dir>`: writes a new app from a template under `packages/cli/templates/`,
 * with its packages either vendored as tarballs (`file:vendor/…`, from `npm run pack`) or taken from
 * the registry (`--registry`).
 */
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { CliError, CliErrors } from '../cli/errors.js';
import type { OutputStreams } from '../cli/types.js';
import { commandUsageError, splitCommandArgs } from './create-args.js';
import { mergedGitignore, mergedManifest } from './create-merge.js';
import {
  type Alias,
  cliVersion,
  dependenciesFor,
  filesSource,
  PACK_INDEX,
  type PackageSource,
  repositoryPackDir,
  sortKeys,
  VENDOR_DIR,
} from './create-packages.js';
import {
  cliDependencyRanges,
  listTemplates,
  readTemplate,
  TEMPLATES_DIR,
  type TemplateInfo,
  templateAliases,
  templateGitignore,
} from './create-template.js';
import { targetState, writeAppAtomically } from './create-write.js';

export { listTemplates, TEMPLATES_DIR };
/** The template used without `--template`. */
export const DEFAULT_TEMPLATE = 'basic';

/** The help text of `blockyard create`. */
export function createUsage(): string {
  const templates = listTemplates()
    .map((t) => `    ${t.name.padEnd(8)} ${t.description}${t.name === DEFAULT_TEMPLATE ? ' (default)' : ''}`)
    .join('\n');
  return `Usage: blockyard create <dir> [--template <name>] [--registry] [--force] [--packages <dir>]
       blockyard create <dir> --amplify [--registry | --packages <dir>]

Writes a new app into <dir>, which must not exist or be empty: aws-blocks/index.ts, package.json (with
the @aws-blocks/* aliases and sandbox/start/spec scripts), .gitignore, README.md and, unless
--registry, vendor/ with the packed Blockyard packages. Then: cd <dir> && npm install && npm run sandbox

Options:
  --template <name>  The app to start from:
${templates}
  --registry         Depend on the published @blockyard/* packages instead of tarballs in vendor/
  --packages <dir>   Folder of packed packages (default: dist-packages/ of this Blockyard clone,
                     written by "npm run pack")
  --force            Write into a non-empty folder: its package.json, .gitignore and README.md
                     are kept and added to; other files of the same name are replaced
  --amplify          <dir> is an Amplify Gen 2 app (it has amplify/backend.ts): add Blocks to it,
                     deployed with the rest of its backend. Writes aws-blocks/index.ts and
                     amplify/blocks.ts, adds the packages (aws-cdk-lib, constructs and @types/node
                     at versions its @aws-amplify/backend accepts) and the blocks:dev script, never
                     overwrites a file, and prints the line to add to amplify/backend.ts
  -h, --help         Show this help
`;
}

/** A name npm accepts for the app, made from its folder's name. */
export function appNameFrom(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, 214);
  return name === '' ? 'blocks-app' : name;
}

/**
 * The `.gitignore` every template starts from (its `tracked` entries are taken out): what the
 * sandbox writes into the app — data, state, the spec, the client and the `aws-blocks/package.json`
 * that lets a page import the client as `aws-blocks`.
 */
export const GITIGNORE = `node_modules/
# Blockyard: local data, sandbox state, generated spec and client
.bb-data/
.blocks-sandbox/
aws-blocks/blocks.spec.json
aws-blocks/client.js
aws-blocks/package.json
`;

/**
 * The packages of an app's dependency tree that run an install script, all of which the app needs
 * (argon2 for AuthBasic's hashing, better-sqlite3 for the embedded engine, esbuild for the CLI's
 * bundler): listed in the app's `allowScripts`, so npm runs them without warning about each install.
 */
export const ALLOWED_INSTALL_SCRIPTS: readonly string[] = ['argon2', 'better-sqlite3', 'esbuild'];

/** The app's `package.json`; `info` adds a template's scripts, workspaces and dev dependencies. */
export function appManifest(
  name: string,
  source: PackageSource,
  aliases: readonly Alias[],
  info: Partial<TemplateInfo> = {},
): string {
  const manifest = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    ...(info.workspaces ? { workspaces: info.workspaces } : {}),
    scripts: sortKeys({
      sandbox: 'blockyard sandbox',
      start: 'blockyard start',
      spec: 'blockyard generate spec',
      ...info.scripts,
    }),
    dependencies: dependenciesFor(source, aliases),
    ...(info.devDependencies ? { devDependencies: cliDependencyRanges(info.devDependencies) } : {}),
    allowScripts: Object.fromEntries(ALLOWED_INSTALL_SCRIPTS.map((pkg) => [pkg, true])),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Copies every packed tarball and the pack index into `<appDir>/vendor/`. */
export async function vendorPackages(source: PackageSource, appDir: string): Promise<void> {
  if (source.kind !== 'files') return;
  const vendor = join(appDir, VENDOR_DIR);
  await mkdir(vendor, { recursive: true });
  for (const { file } of Object.values(source.index.packages)) {
    await copyFile(join(source.dir, file), join(vendor, file));
  }
  await writeFile(join(vendor, PACK_INDEX), `${JSON.stringify(source.index, null, 2)}\n`);
}

/**
 * Writes the app into `dir`. With `into` (a non-empty folder under `--force`), the folder's own
 * package.json, .gitignore and README.md are kept and only added to.
 */
async function fillApp(
  dir: string,
  template: string,
  name: string,
  source: PackageSource,
  into?: string,
): Promise<void> {
  const from = join(TEMPLATES_DIR, template);
  await cp(from, dir, {
    recursive: true,
    filter: (path) => {
      const rel = relative(from, path);
      return rel !== 'template.json' && rel !== 'README.md';
    },
  });
  if (!into || !existsSync(join(into, 'README.md'))) {
    const readme = await readFile(join(from, 'README.md'), 'utf8');
    await writeFile(join(dir, 'README.md'), readme.replaceAll('{{name}}', name));
  }
  const info = readTemplate(template);
  const manifest = appManifest(name, source, templateAliases(info), info);
  await writeFile(join(dir, 'package.json'), into ? await mergedManifest(into, manifest) : manifest);
  const gitignore = templateGitignore(GITIGNORE, info);
  await writeFile(join(dir, '.gitignore'), into ? await mergedGitignore(into, gitignore) : gitignore);
  await vendorPackages(source, dir);
}

/** Runs `blockyard create <argv…>`; resolves with the exit status (throws a CliError on failure). */
export async function runCreate(
  argv: readonly string[],
  io: OutputStreams & { cwd: string },
): Promise<number> {
  const args = splitCommandArgs('create', argv, ['--template', '--packages'], ['--registry', '--force']);
  if (args.help) {
    io.stdout.write(createUsage());
    return 0;
  }
  const [dir, extra] = args.positionals;
  if (dir === undefined) throw commandUsageError('create', 'Missing the folder to create the app in.');
  if (extra !== undefined) throw commandUsageError('create', `Unexpected argument "${extra}".`);
  const template = args.values.get('--template') ?? DEFAULT_TEMPLATE;
  const templates = listTemplates().map((t) => t.name);
  if (!templates.includes(template)) {
    throw commandUsageError(
      'create',
      `Unknown template "${template}": choose one of ${templates.join(', ')}.`,
    );
  }
  const registry = args.switches.has('--registry');
  if (registry && args.values.has('--packages')) {
    throw commandUsageError('create', '--registry and --packages exclude each other.');
  }

  const target = resolve(io.cwd, dir);
  const state = await targetState(target);
  if (state === 'not-a-folder') {
    throw new CliError(CliErrors.TargetNotEmpty, `${target} exists and is not a folder.`);
  }
  if (state === 'non-empty' && !args.switches.has('--force')) {
    throw new CliError(
      CliErrors.TargetNotEmpty,
      `${target} is not empty. Choose a new folder, or pass --force to write into it (package.json and .gitignore are added to, aws-blocks/ files of the same name replaced).`,
    );
  }
  const source: PackageSource = registry
    ? { kind: 'registry', version: cliVersion() }
    : await filesSource(resolve(io.cwd, args.values.get('--packages') ?? repositoryPackDir()));

  const name = appNameFrom(target);
  await writeAppAtomically(target, state === 'non-empty', (staging) =>
    fillApp(staging, template, name, source, state === 'non-empty' ? target : undefined),
  );

  const shown = relative(io.cwd, target) || '.';
  const from = source.kind === 'files' ? `tarballs in ${VENDOR_DIR}/` : `the registry (^${source.version})`;
  io.stdout.write(
    `Created ${name} in ${target} (template ${template}, Blockyard packages from ${from}).\n\n` +
      `Next steps:\n  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}\n  npm install\n  npm run sandbox\n`,
  );
  return 0;
}
