/**
 * Every package section of `docs/public-surface.md` that has tables matches the package: one table
 * per `exports` entry, each table naming exactly what the entry's built declarations export, and
 * the package declaring exactly the packages its source imports, its optional peers loaded only lazily
 * from its root entry.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../support/index.js';

interface PackageJson {
  name: string;
  exports?: Record<string, { types?: string; default?: string } | string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/**
 * What the doc says an entry point exports: the names of its table, or (a line
 * "Re-exports `<entry point>`") exactly what another documented entry point exports.
 */
type Documented = Set<string> | { reexports: string };

/** `## <package>` sections → `### \`<entry point>\`` tables → exported names (first column). */
function documentedSurface(): Map<string, Map<string, Documented>> {
  const text = readFileSync(join(REPO_ROOT, 'docs/public-surface.md'), 'utf8');
  const packages = new Map<string, Map<string, Documented>>();
  let entries: Map<string, Documented> | undefined;
  let names: Set<string> | undefined;
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const section = /^## (@[\w-]+\/[\w-]+)\s*$/.exec(line);
    if (section?.[1]) {
      entries = new Map();
      packages.set(section[1], entries);
      names = undefined;
      continue;
    }
    const entry = /^### `([^`]+)`\s*$/.exec(line);
    if (entry?.[1] && entries) {
      names = new Set();
      current = entry[1];
      entries.set(current, names);
      continue;
    }
    const reexport = /^Re-exports `([^`]+)`/.exec(line);
    if (reexport?.[1] && entries && current) {
      entries.set(current, { reexports: reexport[1] });
      names = undefined;
      continue;
    }
    const row = /^\| `([^`]+)` \|/.exec(line);
    if (row?.[1] && names) names.add(row[1]);
  }
  return packages;
}

function packageDirs(): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const name of readdirSync(join(REPO_ROOT, 'packages'))) {
    const dir = join(REPO_ROOT, 'packages', name);
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      dirs.set(manifest.name, dir);
    } catch {
      // Not a package folder.
    }
  }
  return dirs;
}

let program: ts.Program | undefined;

/** The names a built declaration file exports; one program serves every entry point. */
function exportedNames(declarations: string, all: readonly string[]): string[] {
  program ??= ts.createProgram([...all], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(declarations);
  assert.ok(source, `${declarations} exists (run npm run build first)`);
  const symbol = checker.getSymbolAtLocation(source);
  return symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : [];
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'test-support' && name !== 'node_modules') sourceFiles(path, out);
    } else if (/\.(tsx?|js)$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
      out.push(path);
  }
  return out;
}

/**
 * The packages a folder's source imports: static and dynamic imports, re-exports and `import('…')`
 * types, scoped names kept whole. Parsed, so specifiers inside strings (templates an app is written
 * from) do not count.
 */
function importedPackages(dir: string, self: string): Set<string> {
  const found = new Set<string>();
  const add = (node: ts.Node | undefined): void => {
    if (!node || !ts.isStringLiteralLike(node)) return;
    const specifier = node.text;
    if (specifier.startsWith('.') || specifier.startsWith('node:')) return;
    const name = packageOf(specifier);
    if (name !== self) found.add(name);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  for (const file of sourceFiles(dir)) {
    visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false));
  }
  return found;
}

/** The package a bare specifier names (scoped names kept whole). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/**
 * The packages that loading `entry` (a source file) imports eagerly: static imports that survive
 * compilation (`verbatimModuleSyntax` erases only `import type` / `export type`), followed through
 * the package's own files. Dynamic `import()` is lazy and does not count.
 */
function eagerPackages(entry: string): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly)
        specifier = statement.moduleSpecifier;
      else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly)
        specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteralLike(specifier)) continue;
      const text = specifier.text;
      if (text.startsWith('node:')) continue;
      if (!text.startsWith('.')) {
        found.add(packageOf(text));
        continue;
      }
      const base = join(dirname(file), text.replace(/\.js$/, ''));
      const next = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((path) => existsSync(path));
      if (next) visit(next);
    }
  };
  visit(entry);
  return found;
}

const surface = documentedSurface();
const dirs = packageDirs();

/** The built declaration file of an entry point (`@scope/name` or `@scope/name/sub`), if any. */
function declarationsOf(specifier: string): string | undefined {
  const parts = specifier.split('/');
  const name = parts.slice(0, 2).join('/');
  const dir = dirs.get(name);
  if (!dir) return undefined;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const key = parts.length > 2 ? `./${parts.slice(2).join('/')}` : '.';
  const target = manifest.exports?.[key];
  const types = typeof target === 'string' ? target : target?.types;
  return types ? join(dir, types) : undefined;
}

const allDeclarations: string[] = [];
for (const entries of surface.values()) {
  for (const [specifier, documented] of entries) {
    const file = declarationsOf(specifier);
    if (file) allDeclarations.push(file);
    if (!(documented instanceof Set)) {
      const target = declarationsOf(documented.reexports);
      if (target) allDeclarations.push(target);
    }
  }
}

describe('public surface (docs/public-surface.md)', () => {
  for (const [name, entries] of surface) {
    const dir = dirs.get(name);
    const checked = entries.size > 0 && dir !== undefined;
    describe(name, { skip: checked ? false : 'no tables yet, or no such package here' }, () => {
      if (!checked || !dir) return;
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

      it('has one table per exports entry', () => {
        const specifiers = Object.keys(manifest.exports ?? { '.': {} }).map((key) =>
          key === '.' ? name : `${name}/${key.replace(/^\.\//, '')}`,
        );
        assert.deepEqual([...entries.keys()].sort(), specifiers.sort());
      });

      for (const [key, target] of Object.entries(manifest.exports ?? {})) {
        const specifier = key === '.' ? name : `${name}/${key.replace(/^\.\//, '')}`;
        it(`${specifier} exports exactly its table`, () => {
          const types = typeof target === 'string' ? target : target.types;
          assert.ok(types, `${specifier} declares its types`);
          const exported = new Set(exportedNames(join(dir, types), allDeclarations));
          let documented = entries.get(specifier) ?? new Set<string>();
          if (!(documented instanceof Set)) {
            const target = declarationsOf(documented.reexports);
            assert.ok(target, `${documented.reexports} is a built entry point of this repository`);
            documented = new Set(exportedNames(target, allDeclarations));
          }
          const undocumented = [...exported].filter((n) => !documented.has(n)).sort();
          const stale = [...documented].filter((n) => !exported.has(n)).sort();
          assert.deepEqual({ undocumented, stale }, { undocumented: [], stale: [] });
        });
      }

      it('declares exactly the packages its source imports', () => {
        const declared = new Set([
          ...Object.keys(manifest.dependencies ?? {}),
          ...Object.keys(manifest.peerDependencies ?? {}),
        ]);
        const used = importedPackages(join(dir, 'src'), name);
        // An entry written by hand outside the compiled sources (core's `./client`) counts too.
        for (const target of Object.values(manifest.exports ?? {})) {
          const file = typeof target === 'string' ? target : target.default;
          if (file && !file.startsWith('./dist/')) {
            for (const pkg of importedPackages(dirname(join(dir, file)), name)) used.add(pkg);
          }
        }
        assert.deepEqual([...declared].sort(), [...used].sort());
      });

      const optional = Object.keys(manifest.peerDependencies ?? {}).filter(
        (peer) => manifest.peerDependenciesMeta?.[peer]?.optional,
      );
      const root = manifest.exports?.['.'];
      const rootTypes = typeof root === 'string' ? root : root?.types;
      if (optional.length > 0 && rootTypes) {
        it('loads its optional peers only lazily from the root entry', () => {
          const entry = join(dir, rootTypes.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'));
          const eager = eagerPackages(entry);
          assert.deepEqual(
            optional.filter((peer) => eager.has(peer)),
            [],
            'an optional peer may be missing: the root entry must reach it through import() only',
          );
        });
      }
    });
  }
});
