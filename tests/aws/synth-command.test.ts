/**
 * `blockyard synth` and `blockyard deploy` as a user runs them: a real process on the example app.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI_BIN, REPO_ROOT } from '../support/paths.js';

const EXAMPLE = join(REPO_ROOT, 'examples/auth-basic-app');

function blockyard(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...clean, HOME: mkdtempSync(join(tmpdir(), 'no-aws-home-')), ...env },
    timeout: 120_000,
  });
}

describe('blockyard synth / deploy', () => {
  it('prints the CloudFormation template of the example app', () => {
    const run = blockyard(['synth', '--dir', EXAMPLE], { CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
    assert.equal(run.status, 0, run.stderr);
    const template = JSON.parse(run.stdout) as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
      Outputs: Record<string, unknown>;
    };
    const types = Object.values(template.Resources).map((r) => r.Type);
    for (const type of [
      'AWS::Lambda::Function',
      'AWS::DynamoDB::Table',
      'AWS::SecretsManager::Secret',
      'AWS::ApiGatewayV2::Api',
    ]) {
      assert.ok(types.includes(type), type);
    }
    assert.ok('ApiUrl' in template.Outputs);
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
    assert.ok(fn?.Properties);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    assert.equal(variables.CORS_ALLOWED_ORIGINS, 'https://app.example.com');
  });

  it('answers --help and refuses unknown options with exit status 2', () => {
    const help = blockyard(['synth', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: blockyard synth/);
    assert.equal(blockyard(['synth', '--bogus']).status, 2);
    assert.equal(blockyard(['deploy', '--stack', '1bad']).status, 2);
  });

  it('refuses to deploy without AWS credentials, before synthesizing anything', () => {
    const out = mkdtempSync(join(tmpdir(), 'blocks-deploy-'));
    try {
      const run = blockyard(['deploy', '--dir', EXAMPLE, '--out', join(out, 'cdk.out')]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /No AWS credentials/);
      assert.ok(!existsSync(join(out, 'cdk.out')));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
