import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, CliErrors } from '../cli/errors.js';

/** The blocks `blockyard add` knows: their AWS Blocks name and the Blockyard package behind it. */
export const BLOCKS = {
  'auth-basic': { alias: '@aws-blocks/bb-auth-basic', pkg: '@blockyard/auth-basic' },
  'email-client': { alias: '@aws-blocks/bb-email-client', pkg: '@blockyard/email-client' },
  'kv-store': { alias: '@aws-blocks/bb-kv-store', pkg: '@blockyard/kv-store' },
} as const;

/** A block name `blockyard add` accepts. */
export type BlockName = keyof typeof BLOCKS;

/** The umbrella package every app imports `Scope` and `ApiNamespace` from. */
export const UMBRELLA = { alias: '@aws-blocks/blocks', pkg: '@blockyard/blocks' } as const;
/** The package of the `blockyard` command, which apps depend on directly. */
export const CLI_PACKAGE = '@blockyard/cli';
/** The folder of an app that holds its copies of the packed packages. */
export const VENDOR_DIR = 'vendor';
/** The index `npm run pack` writes next to the tarballs. */
export const PACK_INDEX = 'packages.json';

/** `dist-packages/packages.json`: the version and, per package, its tarball and `@blockyard/*` dependencies. */
export interface PackIndex {
  version: string;
  packages: Record<string, { file: string; dependencies: string[] }>;
}

/** Where an app's `@blockyard/*` packages come from. */
export type PackageSource =
  | { kind: 'files'; dir: string; index: PackIndex }
  | { kind: 'registry'; version: string };

/** An AWS Blocks name and the Blockyard package it aliases. */
export interface Alias {
  alias: string;
  pkg: string;
}

/** The version of this command's own package. */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** `dist-packages/` of the repository this command was built in (absent when it was installed). */
export function repositoryPackDir(): string {
  return fileURLToPath(new URL('../../../../dist-packages/', import.meta.url));
}

/** Reads a pack index; undefined when `dir` holds none. */
export async function readPackIndex(dir: string): Promise<PackIndex | undefined> {
  const text = await readFile(join(dir, PACK_INDEX), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const index = JSON.parse(text) as PackIndex;
  for (const { file } of Object.values(index.packages)) {
    if (!existsSync(join(dir, file))) {
      throw new CliError(
        CliErrors.PackagesNotFound,
        `${join(dir, file)} is listed in ${join(dir, PACK_INDEX)} but missing: run "npm run pack" again.`,
      );
    }
  }
  return index;
}

/** The packed packages in `dir`, or a clear error saying how to make them. */
export async function filesSource(dir: string): Promise<PackageSource> {
  const index = await readPackIndex(dir);
  if (!index) {
    throw new CliError(
      CliErrors.PackagesNotFound,
      `No packed Blockyard packages in ${dir}.\n` +
        'Run "npm run pack" in the Blockyard repository first (or pass --packages <dir>), ' +
        'or use --registry once the packages are published.',
    );
  }
  return { kind: 'files', dir, index };
}

function closure(index: PackIndex, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const entry = index.packages[name];
    if (!entry) {
      throw new CliError(
        CliErrors.PackagesNotFound,
        `${name} is not among the packed packages (run "npm run pack" in a Blockyard repository that has it).`,
      );
    }
    seen.add(name);
    for (const dependency of entry.dependencies) visit(dependency);
  };
  for (const root of roots) visit(root);
  return [...seen].sort();
}

/** The dependency spec of `pkg`, installed under `alias` when one is given. */
function spec(source: PackageSource, pkg: string, aliased: boolean): string {
  if (source.kind === 'registry') return aliased ? `npm:${pkg}@^${source.version}` : `^${source.version}`;
  return `file:${VENDOR_DIR}/${source.index.packages[pkg]!.file}`;
}

/**
 * The `dependencies` an app needs for `aliases` and the command. From files, every `@blockyard/*`
 * package they depend on is listed too, pointing at its tarball: npm then satisfies the packages'
 * dependencies on each other (plain versions, as a registry serves them) with those copies and never
 * asks a registry for them.
 */
export function dependenciesFor(source: PackageSource, aliases: readonly Alias[]): Record<string, string> {
  const deps: Record<string, string> = {};
  for (const { alias, pkg } of aliases) {
    if (source.kind === 'files') closure(source.index, [pkg]);
    deps[alias] = spec(source, pkg, true);
  }
  const direct = [CLI_PACKAGE];
  const all =
    source.kind === 'files' ? closure(source.index, [...direct, ...aliases.map((a) => a.pkg)]) : direct;
  for (const pkg of all) deps[pkg] = spec(source, pkg, false);
  return sortKeys(deps);
}

/**
 * The dependency specs of `packages` under their own names: from files, with every `@blockyard/*`
 * package they depend on, each pointing at its tarball; from the registry, the packages alone.
 */
export function packageSpecs(source: PackageSource, packages: readonly string[]): Record<string, string> {
  const all = source.kind === 'files' ? closure(source.index, packages) : packages;
  return sortKeys(Object.fromEntries(all.map((pkg) => [pkg, spec(source, pkg, false)])));
}

/** A copy of `record` with its keys in order, as npm writes them. */
export function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
