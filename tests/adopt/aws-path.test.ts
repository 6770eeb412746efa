/**
 * The AWS path of docs/aws.md in an app made by `blockyard create` (outside the repository, from the
 * packed tarballs): `npx blockyard add aws`, `npm install`, `npm run synth`. Every package those steps
 * need installs (`@blockyard/aws` from the app's vendor/, the CDK from the npm cache), and the
 * template printed is the Blocks stack on Node.js 22.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanup, createApp, npmInstall, runToEnd } from './support.js';

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
});
