// Packing the public workspaces into tarballs that install together from a folder.
//
// How the tarballs find each other: every packed manifest keeps plain registry versions for the
// other @blockyard/* packages (stamped with the root version), exactly what a registry would serve.
// An app installs from files by listing every @blockyard/* package it needs as a `file:` tarball in
// its own package.json; npm then satisfies the inner "@blockyard/core": "0.1.0" edges with those
// root-level copies and never asks a registry for them. Rewriting inner dependencies to sibling
// `file:` names would make the tarballs differ from what `npm publish` uploads (and npm resolves a
// tarball's own `file:` specs against the installing app, not the tarball); bundleDependencies
// would duplicate every package inside every other. With plain versions, publishing later is
// `npm publish dist-packages/<name>.tgz`, and nothing else changes.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The folder `npm run pack` writes to, relative to the repository root. */
export const PACK_DIR = 'dist-packages';
/** The index of a pack: version, and per package its tarball and internal dependencies. */
export const PACK_INDEX = 'packages.json';
/** The scope of the packages this repository publishes. */
export const SCOPE = '@blockyard/';

// Files that must never reach a tarball: tests and their helpers, compiler state, source maps (the
// TypeScript sources they point at are not shipped), sources, dotfiles.
const STRAY = [
  /\.test\.[cm]?[jt]sx?$/,
  /(^|\/)test-support\//,
  /(^|\/)__tests__\//,
  /\.map$/,
  /\.tsbuildinfo$/,
  /(^|\/)\.[^/]+$/,
  /(^|\/)tsconfig[^/]*\.json$/,
  /^package\/src\//,
  /(^|\/)node_modules\//,
];

/** The entries of `paths` (tarball paths, e.g. `package/dist/x.js`) that should not be shipped. */
export function strayFiles(paths) {
  return paths.filter((path) => STRAY.some((pattern) => pattern.test(path)));
}

/** The root manifest. */
export async function readRootManifest(root) {
  return JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
}

async function expandWorkspace(root, pattern) {
  if (!pattern.includes('*')) return [pattern];
  // Only the trailing "dir/*" form is used by npm workspaces in practice.
  const base = pattern.slice(0, pattern.indexOf('*')).replace(/\/$/, '');
  const names = await readdir(join(root, base)).catch(() => []);
  return names.sort().map((name) => `${base}/${name}`);
}

/**
 * The public workspaces (not `private`), in the order of the root `workspaces` list:
 * `{ dir, manifest }` with `dir` absolute.
 */
export async function listPublicPackages(root) {
  const rootManifest = await readRootManifest(root);
  const patterns = Array.isArray(rootManifest.workspaces)
    ? rootManifest.workspaces
    : (rootManifest.workspaces?.packages ?? []);
  const found = [];
  for (const pattern of patterns) {
    for (const rel of await expandWorkspace(root, pattern)) {
      const dir = join(root, rel);
      const manifest = await readFile(join(dir, 'package.json'), 'utf8').then(JSON.parse, () => null);
      if (manifest && manifest.private !== true) found.push({ dir, manifest });
    }
  }
  return found;
}

/** `@blockyard/auth-basic@0.1.0` → `blockyard-auth-basic-0.1.0.tgz` (npm's own naming). */
export function tarballName(name, version) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

function stampInternal(deps, version) {
  if (!deps) return deps;
  const out = {};
  for (const [name, spec] of Object.entries(deps)) out[name] = name.startsWith(SCOPE) ? version : spec;
  return out;
}

/** The manifest as packed: the root version everywhere, no development-only fields. */
export function packedManifest(manifest, rootManifest) {
  const version = rootManifest.version;
  const { devDependencies: _dev, scripts: _scripts, ...rest } = manifest;
  return {
    ...rest,
    version,
    license: manifest.license ?? rootManifest.license,
    engines: manifest.engines ?? rootManifest.engines,
    dependencies: stampInternal(manifest.dependencies, version),
    ...(manifest.peerDependencies
      ? { peerDependencies: stampInternal(manifest.peerDependencies, version) }
      : {}),
    ...(manifest.optionalDependencies
      ? { optionalDependencies: stampInternal(manifest.optionalDependencies, version) }
      : {}),
  };
}

function fallbackReadme(manifest) {
  return [
    `# ${manifest.name}`,
    '',
    manifest.description ?? '',
    '',
    'Part of Blockyard, an open-source TypeScript implementation of the AWS Blocks programming model.',
    'See the Blockyard README for how to install it in an app.',
    '',
  ].join('\n');
}

async function npmFileList(dir) {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout)[0].files.map((file) => file.path);
}

const SOURCE_MAP_COMMENT = /\n\/\/# sourceMappingURL=\S+\s*$/;

/**
 * Copies what `files` selects, minus {@link strayFiles}, into `stagingDir`, with the packed
 * manifest, the package's README (or one made from its description) and the root LICENSE.
 * Returns whether the README was made up.
 */
export async function stagePackage(pkg, rootManifest, root, stagingDir) {
  const selected = (await npmFileList(pkg.dir)).filter(
    (path) => path !== 'package.json' && strayFiles([`package/${path}`]).length === 0,
  );
  for (const path of selected) {
    const target = join(stagingDir, path);
    await mkdir(dirname(target), { recursive: true });
    if (/\.(m?js|d\.ts)$/.test(path)) {
      const text = await readFile(join(pkg.dir, path), 'utf8');
      await writeFile(target, text.replace(SOURCE_MAP_COMMENT, '\n'));
    } else {
      await cp(join(pkg.dir, path), target, { preserveTimestamps: true });
    }
  }
  const manifest = packedManifest(pkg.manifest, rootManifest);
  await writeFile(join(stagingDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const readme = await readFile(join(pkg.dir, 'README.md'), 'utf8').catch(() => null);
  await writeFile(join(stagingDir, 'README.md'), readme ?? fallbackReadme(pkg.manifest));
  await cp(join(root, 'LICENSE'), join(stagingDir, 'LICENSE'));
  return { manifest, madeReadme: readme === null };
}

async function ensureBuilt(pkg) {
  const manifest = pkg.manifest;
  const targets = [];
  const collect = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v);
  };
  collect(manifest.exports ?? manifest.main);
  collect(manifest.bin);
  for (const target of targets) {
    if (target.includes('*')) continue;
    if (!(await stat(join(pkg.dir, target)).catch(() => null))) {
      throw new Error(
        `${manifest.name}: ${target} is missing after the build (is the package built by "npm run build"?)`,
      );
    }
  }
}

async function inBatches(items, size, fn) {
  const results = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  }
  return results;
}

/**
 * Packs every public workspace into `outDir` (emptied of tarballs first) and writes its
 * {@link PACK_INDEX}. Assumes the packages are built. Resolves with the index.
 */
export async function packAll(root, outDir, log = () => {}) {
  const rootManifest = await readRootManifest(root);
  const packages = await listPublicPackages(root);
  if (packages.length === 0) throw new Error('no public workspaces to pack');
  for (const pkg of packages) await ensureBuilt(pkg);
  await mkdir(outDir, { recursive: true });
  for (const name of await readdir(outDir)) {
    if (name.endsWith('.tgz') || name === PACK_INDEX) await rm(join(outDir, name), { force: true });
  }
  const staging = await mkdtemp(join(tmpdir(), 'blockyard-pack-'));
  try {
    const packed = await inBatches(packages, 4, async (pkg) => {
      const stagingDir = join(staging, relative(root, pkg.dir).replaceAll('/', '__'));
      await mkdir(stagingDir, { recursive: true });
      const { manifest, madeReadme } = await stagePackage(pkg, rootManifest, root, stagingDir);
      if (madeReadme) log(`note: ${manifest.name} has no README.md; packed one made from its description`);
      const { stdout } = await run(
        'npm',
        ['pack', stagingDir, '--pack-destination', outDir, '--json', '--ignore-scripts'],
        { cwd: staging, maxBuffer: 64 * 1024 * 1024 },
      );
      const [report] = JSON.parse(stdout);
      const stray = strayFiles(report.files.map((file) => `package/${file.path}`));
      if (stray.length > 0)
        throw new Error(`${manifest.name}: stray files in the tarball: ${stray.join(', ')}`);
      log(`packed ${report.filename} (${report.entryCount} files, ${Math.round(report.size / 1024)} kB)`);
      // An optional peer (the CLI's @blockyard/aws) is not vendored into every app.
      const optional = manifest.peerDependenciesMeta ?? {};
      const peers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => !optional[name]?.optional);
      const internal = [...Object.keys(manifest.dependencies ?? {}), ...peers].filter((name) =>
        name.startsWith(SCOPE),
      );
      return [manifest.name, { file: report.filename, dependencies: internal }];
    });
    const index = { version: rootManifest.version, packages: Object.fromEntries(packed) };
    await writeFile(join(outDir, PACK_INDEX), `${JSON.stringify(index, null, 2)}\n`);
    return index;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
