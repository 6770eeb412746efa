/**
 * Keeps the documentation honest where that is cheap: every command and flag `blockyard --help` lists
 * is in docs/cli.md (each command in its own section), every environment variable the code reads is in
 * a table of docs/, and every identifier the repository cites (R-xxx, D-xx, G-xx, ARCHITECTURE §n) is
 * explained in docs/compatibility.md.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runBlockyard } from '../support/index.js';

const DOCS = join(REPO_ROOT, 'docs');
const cliDoc = readFileSync(join(DOCS, 'cli.md'), 'utf8');

/** Commands listed under `Commands:` in the general help: the first word of each indented line. */
function commandsOf(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => /^Commands:/.test(line));
  assert.ok(start >= 0, `no "Commands:" section in:\n${help}`);
  const commands: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^\s+([a-z][a-z0-9-]*)\b/.exec(line);
    if (!match?.[1]) break;
    commands.push(match[1]);
  }
  return commands;
}

/** Every `--flag` and `-x` a help text mentions. */
function flagsOf(help: string): string[] {
  return [...new Set(help.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g) ?? [])];
}

/** The text of docs/cli.md from a heading naming `blockyard <command>` to the next heading at its level. */
function sectionOf(command: string): string | undefined {
  const lines = cliDoc.split('\n');
  const start = lines.findIndex((line) => /^#+ /.test(line) && line.includes(`blockyard ${command}`));
  if (start < 0) return undefined;
  const level = (/^#+/.exec(lines[start] as string)?.[0] ?? '#').length;
  const end = lines.findIndex(
    (line, i) => i > start && /^#+ /.test(line) && (/^#+/.exec(line)?.[0].length ?? 0) <= level,
  );
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

const SKIPPED = ['node_modules', 'dist', '.tmp-apps', '.bb-data', '.blocks-sandbox', 'results'];

/** Files under `dir` whose names match `pattern`, skipping builds, dependencies and, unless asked, tests. */
function filesUnder(dir: string, pattern: RegExp, tests = false, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIPPED.includes(name) || (!tests && (name === 'test-support' || name === 'testing'))) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(path, pattern, tests, out);
    else if (pattern.test(name) && (tests || !/\.test\.ts$/.test(name))) out.push(path);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return filesUnder(dir, /\.(ts|mjs|js|sh)$/);
}

/** Environment variables a file reads: `env.X`, `env['X']` in code, `${X…}` in shell scripts. */
function variablesReadBy(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const patterns = file.endsWith('.sh')
    ? [/\$\{([A-Z][A-Z0-9_]*)/g]
    : [/\benv\??\.([A-Z][A-Z0-9_]*)\b/g, /\benv\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] as string));
}

describe('docs', () => {
  it('docs/cli.md has a section for every command of `blockyard --help`, naming each of its flags', async () => {
    const general = await runBlockyard(['--help']);
    assert.equal(general.code, 0);
    const commands = commandsOf(general.stdout);
    assert.ok(commands.length >= 2, general.stdout);
    const missing: string[] = [];
    for (const flag of flagsOf(general.stdout)) if (!cliDoc.includes(`\`${flag}`)) missing.push(flag);
    for (const command of commands) {
      const help = await runBlockyard([command, '--help']);
      assert.equal(help.code, 0, `blockyard ${command} --help: ${help.stderr}`);
      const section = sectionOf(command);
      if (section === undefined) {
        missing.push(`a heading naming \`blockyard ${command}\``);
        continue;
      }
      for (const flag of flagsOf(help.stdout)) {
        if (!section.includes(flag)) missing.push(`${flag} (blockyard ${command})`);
      }
    }
    assert.deepEqual(missing, [], 'missing from docs/cli.md');
  });

  it('every environment variable the code reads is in a table in docs/', () => {
    // A package may have no `src/` (create-blockyard is a bin script only).
    const roots = readdirSync(join(REPO_ROOT, 'packages'))
      .map((name) => join(REPO_ROOT, 'packages', name, 'src'))
      .filter((dir) => existsSync(dir));
    const files = [...roots, join(REPO_ROOT, 'scripts')].flatMap((dir) => sourceFiles(dir));
    const readers = new Map<string, string[]>();
    for (const file of files) {
      for (const name of variablesReadBy(file)) {
        readers.set(name, [...(readers.get(name) ?? []), relative(REPO_ROOT, file)]);
      }
    }
    assert.ok(readers.has('BLOCKS_DATABASE_URL'), 'the scan finds what the engine reads');
    const tableRows = readdirSync(DOCS)
      .filter((name) => name.endsWith('.md'))
      .flatMap((name) => readFileSync(join(DOCS, name), 'utf8').split('\n'))
      .filter((line) => line.startsWith('|'));
    const undocumented = [...readers]
      .filter(([name]) => !tableRows.some((row) => row.includes(`\`${name}\``)))
      .map(([name, where]) => `${name} (read in ${[...new Set(where)].join(', ')})`);
    assert.deepEqual(undocumented, [], 'environment variables missing from every docs table');
  });

  it('docs/compatibility.md explains every identifier the repository cites', () => {
    const text = /\.(ts|tsx|mjs|js|sh|md)$/;
    const files = [
      ...['packages', 'tests', 'bench', 'scripts', 'examples', 'docs'].flatMap((dir) =>
        filesUnder(join(REPO_ROOT, dir), text, true),
      ),
      join(REPO_ROOT, 'README.md'),
    ].filter((file) => !file.endsWith(join('docs', 'compatibility.md')));
    const compatibility = readFileSync(join(DOCS, 'compatibility.md'), 'utf8');
    // Each identifier has a table row of its own: `| <id> | meaning |`.
    const explained = (id: string) => compatibility.includes(`| ${id} `);
    const missing = new Map<string, string>();
    for (const file of files) {
      const content = readFileSync(file, 'utf8');
      const ids = [
        ...(content.match(/\b(?:R-\d{3,4}|D-\d{2}|G-\d{2})\b/g) ?? []),
        ...[...content.matchAll(/ARCHITECTURE(?:\.md)? §\s?(\d+)/g)].map((m) => `ARCHITECTURE §${m[1]}`),
      ];
      for (const id of ids)
        if (!explained(id) && !missing.has(id)) missing.set(id, relative(REPO_ROOT, file));
    }
    assert.deepEqual(
      [...missing].map(([id, file]) => `${id} (cited in ${file})`),
      [],
      'identifiers without a line in docs/compatibility.md',
    );
  });
});
