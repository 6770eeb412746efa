/**
 * `blockyard create --registry` and `npm create blockyard` (the create-blockyard package): an app that
 * takes Blockyard's packages from the registry, for when they are published. No install here: the
 * packages are not in a registry yet.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../support/index.js';
import { blockyard, cleanup, runToEnd, tempDir } from './support.js';

async function manifestOf(appDir: string) {
  return JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies: Record<string, string>;
  };
}

describe('apps on registry versions', () => {
  after(cleanup);

  it('blockyard create --registry writes npm aliases and no vendor/', async () => {
    const appDir = join(await tempDir('registry'), 'Reg App');
    const run = await blockyard(['create', appDir, '--registry', '--template', 'codes'], REPO_ROOT);
    assert.equal(run.code, 0, run.stderr);
    const version = (
      JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    ).version;
    const manifest = await manifestOf(appDir);
    assert.equal(manifest.name, 'reg-app');
    assert.deepEqual(manifest.dependencies, {
      '@aws-blocks/bb-auth-basic': `npm:@blockyard/auth-basic@^${version}`,
      '@aws-blocks/bb-email-client': `npm:@blockyard/email-client@^${version}`,
      '@aws-blocks/blocks': `npm:@blockyard/blocks@^${version}`,
      '@blockyard/cli': `^${version}`,
    });
    assert.ok(!(await readdir(appDir)).includes('vendor'));
  });

  it('npm create blockyard runs blockyard create with --registry', async () => {
    const appDir = join(await tempDir('npm-create'), 'created');
    const bin = join(REPO_ROOT, 'packages/create-blockyard/bin/create-blockyard.js');
    const run = await runToEnd(process.execPath, [bin, appDir], { cwd: REPO_ROOT });
    assert.equal(run.code, 0, run.stderr);
    const manifest = await manifestOf(appDir);
    assert.match(manifest.dependencies['@aws-blocks/blocks']!, /^npm:@blockyard\/blocks@\^/);
    assert.match(await readFile(join(appDir, 'aws-blocks/index.ts'), 'utf8'), /new AuthBasic/);
    const help = await runToEnd(process.execPath, [bin, '--help'], { cwd: REPO_ROOT });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--template/);
  });

  it('blockyard add in a project without Blockyard adds the block, the umbrella and the command', async () => {
    const appDir = join(await tempDir('existing'), 'existing');
    await mkdir(appDir);
    await writeFile(
      join(appDir, 'package.json'),
      JSON.stringify({ name: 'existing', dependencies: { '@blockyard/cli': '0.0.9', left: '^1.0.0' } }),
    );
    const run = await blockyard(['add', 'kv-store'], appDir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /new KVStore/);
    const manifest = await manifestOf(appDir);
    assert.match(manifest.dependencies['@aws-blocks/bb-kv-store']!, /^npm:@blockyard\/kv-store@\^/);
    assert.match(manifest.dependencies['@aws-blocks/blocks']!, /^npm:@blockyard\/blocks@\^/);
    // What the project had stays as it was.
    assert.equal(manifest.dependencies['@blockyard/cli'], '0.0.9');
    assert.equal(manifest.dependencies.left, '^1.0.0');
    const again = await blockyard(['add', 'kv-store', '--dir', appDir], REPO_ROOT);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await manifestOf(appDir), manifest);
  });
});
