/**
 * `blockyard add aws`: the AWS deployment path added to an app, from the registry or, for an app
 * that installs Blockyard from files, with the `@blockyard/aws` tarball copied into `vendor/`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CDK_RANGES } from '../../packages/cli/src/commands/amplify-overlay.js';
import { CLI_BIN, REPO_ROOT } from '../support/paths.js';

const made: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blockyard-add-aws-'));
  made.push(dir);
  return dir;
}

function cli(args: string[], cwd = REPO_ROOT) {
  return spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, encoding: 'utf8' });
}

function manifest(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    scripts: Record<string, string>;
  };
}

describe('blockyard add aws', () => {
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('adds @blockyard/aws, aws-cdk-lib, constructs and the synth/deploy scripts to a registry app', () => {
    const app = join(folder(), 'app');
    assert.equal(cli(['create', app, '--registry']).status, 0);
    const result = cli(['add', 'aws', '--dir', app]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /npm run synth/);
    const pkg = manifest(app);
    assert.deepEqual(pkg.devDependencies, {
      '@blockyard/aws': `^${pkg.dependencies['@blockyard/cli']!.replace(/^\^/, '')}`,
      ...CDK_RANGES,
    });
    assert.equal(pkg.scripts.synth, 'blockyard synth');
    assert.equal(pkg.scripts.deploy, 'blockyard deploy');
    assert.equal(pkg.scripts.sandbox, 'blockyard sandbox', 'other scripts are kept');
    const again = cli(['add', 'aws', '--dir', app]);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /already in package\.json/);
    assert.deepEqual(manifest(app), pkg);
  });

  it('vendors the @blockyard/aws tarball for an app that installs from files', () => {
    const packs = folder();
    const index = {
      version: '0.1.0',
      packages: {
        '@blockyard/aws': { file: 'blockyard-aws-0.1.0.tgz', dependencies: ['@blockyard/core'] },
        '@blockyard/core': { file: 'blockyard-core-0.1.0.tgz', dependencies: [] },
      },
    };
    writeFileSync(join(packs, 'packages.json'), JSON.stringify(index));
    for (const { file } of Object.values(index.packages)) writeFileSync(join(packs, file), 'tarball');
    const app = folder();
    mkdirSync(join(app, 'vendor'));
    writeFileSync(
      join(app, 'vendor', 'packages.json'),
      JSON.stringify({
        version: '0.1.0',
        packages: { '@blockyard/core': index.packages['@blockyard/core'] },
      }),
    );
    writeFileSync(join(app, 'vendor', 'blockyard-core-0.1.0.tgz'), 'tarball');
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'app',
        dependencies: {
          '@blockyard/cli': 'file:vendor/blockyard-cli-0.1.0.tgz',
          '@blockyard/core': 'file:vendor/blockyard-core-0.1.0.tgz',
        },
      }),
    );
    const result = cli(['add', 'aws', '--dir', app, '--packages', packs]);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(existsSync(join(app, 'vendor', 'blockyard-aws-0.1.0.tgz')));
    const pkg = manifest(app);
    assert.equal(pkg.devDependencies['@blockyard/aws'], 'file:vendor/blockyard-aws-0.1.0.tgz');
    assert.equal(
      pkg.devDependencies['@blockyard/core'],
      undefined,
      'a dependency the app has stays where it is',
    );
    assert.equal(pkg.devDependencies['aws-cdk-lib'], CDK_RANGES['aws-cdk-lib']);
  });
});
