import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Alias, BLOCKS, type BlockName, UMBRELLA } from './create-packages.js';

/** The folder holding one sub-folder per template. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** What a template's `template.json` says (the format is described in `templates/README.md`). */
export interface TemplateInfo {
  description: string;
  blocks: BlockName[];
  /** Further AWS Blocks names the app imports, each with the Blockyard package it aliases. */
  aliases?: Record<string, string>;
  /** Scripts added to (or replacing) the standard `sandbox`/`start`/`spec`. */
  scripts?: Record<string, string>;
  /** The app's npm workspaces, e.g. `["aws-blocks"]` so the page can import `aws-blocks`. */
  workspaces?: string[];
  /** Third-party dev dependencies, at the version range the CLI itself depends on. */
  devDependencies?: string[];
  /** Lines added to the standard `.gitignore`. */
  ignored?: string[];
  /** Lines of the standard `.gitignore` left out (files the app commits). */
  tracked?: string[];
}

/** Reads `templates/<name>/template.json`. */
export function readTemplate(name: string): TemplateInfo {
  return JSON.parse(readFileSync(join(TEMPLATES_DIR, name, 'template.json'), 'utf8')) as TemplateInfo;
}

/** The templates there are, with their descriptions, in name order. */
export function listTemplates(): Array<{ name: string; description: string }> {
  return readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(TEMPLATES_DIR, entry.name, 'template.json')))
    .map((entry) => ({ name: entry.name, description: readTemplate(entry.name).description }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The AWS Blocks names a template's app depends on, with their Blockyard packages. */
export function templateAliases(info: TemplateInfo): Alias[] {
  return [
    UMBRELLA,
    ...info.blocks.map((block) => BLOCKS[block]),
    ...Object.entries(info.aliases ?? {}).map(([alias, pkg]) => ({ alias, pkg })),
  ];
}

/**
 * The version ranges of `names` as the CLI's own `package.json` declares them, so an app's build
 * tools match the ones the CLI was tested with (and npm installs one copy).
 */
export function cliDependencyRanges(names: readonly string[]): Record<string, string> {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const ranges: Record<string, string> = {};
  for (const name of names) {
    const range = manifest.dependencies?.[name] ?? manifest.devDependencies?.[name];
    if (range === undefined)
      throw new Error(`template dev dependency ${name} is not a dependency of the CLI`);
    ranges[name] = range;
  }
  return ranges;
}

/** The standard `.gitignore` of an app, with the template's additions and omissions. */
export function templateGitignore(standard: string, info: TemplateInfo): string {
  const tracked = new Set(info.tracked ?? []);
  const lines = standard.split('\n').filter((line) => !tracked.has(line));
  const body = lines.join('\n').replace(/\n+$/, '');
  const extra = info.ignored ?? [];
  return `${body}\n${extra.length > 0 ? `${extra.join('\n')}\n` : ''}`;
}
