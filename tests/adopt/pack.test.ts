import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../support/index.js';
import { cleanup, type Packed, packPackages, tarEntries, tarFile } from './support.js';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: unknown;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  license?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

// What no tarball may contain: tests and their helpers, compiler state, source maps (the sources
// they point at are not shipped), TypeScript sources (but the app templates of the CLI, which are
// sources on purpose), dotfiles, configuration of this repository.
const STRAY = [
  /\.test\./,
  /test-support\//,
  /\.map$/,
  /\.tsbuildinfo$/,
  /\/\.[^/]+$/,
  /^package\/src\//,
  /^package\/(?!templates\/)(.+\/)?[^/]+\.ts$(?<!\.d\.ts)/,
  /tsconfig[^/]*\.json$/,
  /node_modules\//,
];

async function publicWorkspaces(): Promise<Manifest[]> {
  const root = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  const manifests: Manifest[] = [];
  for (const pattern of root.workspaces) {
    const dirs = pattern.endsWith('/*')
      ? (await readdir(join(REPO_ROOT, pattern.slice(0, -2)))).map(
          (name) => `${pattern.slice(0, -2)}/${name}`,
        )
      : [pattern];
    for (const dir of dirs) {
      const manifest = JSON.parse(await readFile(join(REPO_ROOT, dir, 'package.json'), 'utf8')) as Manifest;
      if (manifest.private !== true) manifests.push(manifest);
    }
  }
  return manifests;
}

function targetsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) targetsOf(v, out);
  return out;
}

describe('npm run pack', () => {
  let packed: Packed;
  let rootVersion: string;
  let workspaces: Manifest[];

  before(async () => {
    packed = await packPackages();
    rootVersion = (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    workspaces = await publicWorkspaces();
  });
  after(cleanup);

  it('packs every public workspace, found from the workspaces list, and nothing else', async () => {
    assert.ok(workspaces.length >= 7);
    assert.deepEqual(Object.keys(packed.index.packages).sort(), workspaces.map((m) => m.name).sort());
    const tarballs = (await readdir(packed.dir)).filter((name) => name.endsWith('.tgz')).sort();
    assert.deepEqual(
      tarballs,
      Object.values(packed.index.packages)
        .map((p) => p.file)
        .sort(),
    );
    assert.equal(packed.index.version, rootVersion);
  });

  it('ships README, LICENSE, types and every exported file, and no stray files', async () => {
    for (const { file } of Object.values(packed.index.packages)) {
      const tarball = join(packed.dir, file);
      const entries = await tarEntries(tarball);
      for (const required of ['package/package.json', 'package/README.md', 'package/LICENSE']) {
        assert.ok(entries.includes(required), `${file} lacks ${required}`);
      }
      assert.deepEqual(
        entries.filter((entry) => STRAY.some((pattern) => pattern.test(entry))),
        [],
        `${file} ships stray files`,
      );
      const manifest = JSON.parse(await tarFile(tarball, 'package/package.json')) as Manifest;
      for (const target of [...targetsOf(manifest.exports), ...targetsOf(manifest.bin)]) {
        assert.ok(entries.includes(`package/${target.replace(/^\.\//, '')}`), `${file} lacks ${target}`);
      }
      if (manifest.exports !== undefined) {
        assert.ok(
          targetsOf(manifest.exports).some((target) => target.endsWith('.d.ts')),
          `${file} exports no types`,
        );
      } else {
        assert.ok(manifest.bin, `${file} has neither exports nor bin`);
      }
      assert.match(await tarFile(tarball, 'package/LICENSE'), /Apache License\s+Version 2\.0/);
      for (const entry of entries.filter((e) => e.endsWith('.js'))) {
        assert.doesNotMatch(await tarFile(tarball, entry), /sourceMappingURL/, `${entry} of ${file}`);
      }
    }
  });

  it('ships the app templates with the CLI', async () => {
    const entries = await tarEntries(join(packed.dir, packed.index.packages['@blockyard/cli']!.file));
    for (const template of ['basic', 'codes']) {
      assert.ok(entries.includes(`package/templates/${template}/template.json`), template);
      assert.ok(entries.includes(`package/templates/${template}/aws-blocks/index.ts`), template);
    }
  });

  it('stamps the root version on every package and on their dependencies on each other', async () => {
    for (const [name, { file }] of Object.entries(packed.index.packages)) {
      const manifest = JSON.parse(await tarFile(join(packed.dir, file), 'package/package.json')) as Manifest;
      assert.equal(manifest.name, name);
      assert.equal(manifest.version, rootVersion);
      assert.equal(manifest.license, 'Apache-2.0');
      assert.ok(manifest.engines?.node, `${name} declares no engines.node`);
      assert.equal(manifest.devDependencies, undefined);
      for (const [dep, spec] of Object.entries(manifest.dependencies ?? {})) {
        if (!dep.startsWith('@blockyard/')) continue;
        // A plain version, as a registry serves it: the app's file: entries satisfy it offline.
        assert.equal(spec, rootVersion, `${name} -> ${dep}`);
        assert.ok(packed.index.packages[dep], `${name} depends on ${dep}, which is not packed`);
      }
    }
  });

  it("keeps the CLI's @blockyard/aws an optional peer, left out of what an app vendors", async () => {
    const { file, dependencies } = packed.index.packages['@blockyard/cli'] ?? { file: '', dependencies: [] };
    const manifest = JSON.parse(await tarFile(join(packed.dir, file), 'package/package.json')) as Manifest;
    assert.equal(manifest.dependencies?.['@blockyard/aws'], undefined);
    assert.equal(manifest.peerDependencies?.['@blockyard/aws'], rootVersion);
    assert.equal(manifest.peerDependenciesMeta?.['@blockyard/aws']?.optional, true);
    assert.ok(!dependencies.includes('@blockyard/aws'));
  });
});
