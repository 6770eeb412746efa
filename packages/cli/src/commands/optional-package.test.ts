import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CliErrors, isCliError } from '../cli/errors.js';
import { importOptional } from './optional-package.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * An install of the CLI without `@blockyard/aws`: every package of the repository's node_modules
 * linked into a fresh folder except that one, run with symlinks preserved so that nothing resolves
 * back through the repository.
 */
function installWithoutAws(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blockyard-no-aws-'));
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@blockyard'), { recursive: true });
  for (const name of readdirSync(join(REPO, 'node_modules'))) {
    if (name === '@blockyard' || name.startsWith('.')) continue;
    symlinkSync(join(REPO, 'node_modules', name), join(modules, name));
  }
  for (const name of readdirSync(join(REPO, 'node_modules/@blockyard'))) {
    if (name !== 'aws') symlinkSync(join(REPO, 'packages', name), join(modules, '@blockyard', name));
  }
  mkdirSync(join(dir, 'aws-blocks'));
  writeFileSync(join(dir, 'aws-blocks/index.ts'), "export const ready = 'yes';\n");
  return dir;
}

function runBlockyard(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(
    process.execPath,
    [
      '--preserve-symlinks',
      '--preserve-symlinks-main',
      join(dir, 'node_modules/@blockyard/cli/bin/blockyard.js'),
      ...args,
    ],
    { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
  );
}

describe('optional packages', () => {
  it('names the missing package and how to install it', async () => {
    const specifier = '@blockyard/not-installed-anywhere';
    await assert.rejects(
      importOptional('blockyard synth', [specifier, 'constructs'], () => import(specifier)),
      (error: unknown) => {
        assert.ok(isCliError(error));
        assert.equal(error.name, CliErrors.MissingPackage);
        assert.equal(error.exitCode, 1);
        assert.match(error.message, /@blockyard\/not-installed-anywhere/);
        assert.match(error.message, /npm install --save-dev @blockyard\/not-installed-anywhere constructs/);
        return true;
      },
    );
  });

  it('passes other failures through', async () => {
    const specifier = '@blockyard/not-installed-anywhere';
    await assert.rejects(
      importOptional('blockyard synth', ['@blockyard/aws'], () => import(specifier)),
      (error: unknown) => !isCliError(error) && (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND',
    );
  });

  describe('an install without @blockyard/aws', () => {
    const dir = installWithoutAws();
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('still answers --help', () => {
      const result = runBlockyard(dir, ['--help']);
      assert.equal(result.status, 0, result.stderr);
    });

    it('synth exits 1 naming @blockyard/aws', () => {
      const result = runBlockyard(dir, ['synth']);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /needs @blockyard\/aws, which is not installed/);
      assert.match(result.stderr, /npx blockyard add aws, then npm install/);
    });

    it('a dynamodb: engine URL exits 1 naming @blockyard/aws', () => {
      const result = runBlockyard(dir, ['start'], {
        BLOCKS_DATABASE_URL: 'dynamodb://blocks?region=eu-west-1',
      });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /needs @blockyard\/aws, which is not installed/);
    });
  });
});
