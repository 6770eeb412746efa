/**
 * The AWS path of docs/aws.md in an app made by `blockyard create` (outside the repository, from the
 * packed tarballs): `npx blockyard add aws`, `npm install`, `npm run synth`, then every command of
 * the page's deploy block as it is written. Every package those steps need installs
 * (`@blockyard/aws` from the app's vendor/, the CDK from the npm cache), the template printed is the
 * Blocks stack on Node.js 22, and `deploy` without credentials stops before it builds anything.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../support/index.js';
import { cleanup, createApp, npmInstall, runToEnd, tempDir } from './support.js';

describe('blockyard add aws in a created app', { timeout: 1_200_000 }, () => {
  let appDir: string;
  let prebuilds: string | undefined;

  before(async () => {
    ({ appDir, prebuilds } = await createApp('aws-app'));
  });
  after(cleanup);

  it('adds @blockyard/aws from vendor/ and the CDK, which install', async () => {
    const add = await runToEnd('npx', ['blockyard', 'add', 'aws'], { cwd: appDir, timeoutMs: 120_000 });
    assert.equal(add.code, 0, add.stderr);
    const manifest = JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    assert.match(manifest.devDependencies['@blockyard/aws'] ?? '', /^file:vendor\/.+\.tgz$/);
    assert.ok(manifest.devDependencies['aws-cdk-lib']);
    assert.ok(manifest.devDependencies.constructs);
    assert.equal(manifest.scripts.synth, 'blockyard synth');
    await npmInstall(appDir, prebuilds);
    assert.ok(existsSync(join(appDir, 'node_modules', '@blockyard', 'aws', 'package.json')));
  });

  it('prints the Blocks stack with npm run synth', async () => {
    const synth = await runToEnd('npm', ['run', '--silent', 'synth'], { cwd: appDir, timeoutMs: 300_000 });
    assert.equal(synth.code, 0, synth.stderr);
    const template = JSON.parse(synth.stdout.slice(synth.stdout.indexOf('{'))) as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    };
    const resources = Object.values(template.Resources);
    const handler = resources.find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Handler === 'index.handler',
    );
    assert.equal(handler?.Properties?.Runtime, 'nodejs22.x');
    for (const type of ['AWS::DynamoDB::Table', 'AWS::SecretsManager::Secret', 'AWS::ApiGatewayV2::Stage']) {
      assert.ok(
        resources.some((r) => r.Type === type),
        type,
      );
    }
  });

  it('runs the commands of docs/aws.md as written; deploy without credentials stops before building', async () => {
    const page = await readFile(join(REPO_ROOT, 'docs', 'aws.md'), 'utf8');
    const block = /## Deploy[\s\S]*?```sh\n([\s\S]*?)```/.exec(page)?.[1] ?? '';
    const commands = block
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== '');
    assert.ok(commands.length >= 4, block);
    // A user's environment without any AWS credentials; better-sqlite3 from the local prebuild.
    const home = await tempDir('aws-path-home');
    await mkdir(join(home, '.aws'), { recursive: true });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      npm_config_update_notifier: 'false',
    };
    for (const name of ['npm_config_cache', 'TMPDIR']) if (process.env[name]) env[name] = process.env[name];
    if (prebuilds) env.npm_config_better_sqlite3_local_prebuilds = prebuilds;
    env.npm_config_cache ??= join(process.env.HOME ?? home, '.npm');
    env.npm_config_prefer_offline = 'true';
    for (const command of commands) {
      const result = await runToEnd('sh', ['-c', command], { cwd: appDir, env, timeoutMs: 300_000 });
      const output = `${command}\n${result.stdout}\n${result.stderr}`;
      if (command.startsWith('npx blockyard deploy')) {
        assert.equal(result.code, 1, output);
        assert.match(result.stderr, /No AWS credentials found/);
        continue;
      }
      assert.equal(result.code, 0, output);
      if (command.includes('--out cdk.out')) {
        const written = await readdir(join(appDir, 'cdk.out'));
        assert.ok(written.includes('manifest.json'), written.join(', '));
        assert.ok(
          written.some((file) => file.startsWith('asset.')),
          'the function bundle',
        );
      } else if (command.startsWith('npx blockyard synth')) {
        assert.match(result.stdout, /"AWS::Lambda::Function"/);
      }
    }
  });
});
