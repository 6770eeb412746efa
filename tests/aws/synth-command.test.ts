/**
 * `blockyard synth` and `blockyard deploy` as a user runs them: a real process on the example app.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listTemplates } from '../../packages/cli/src/commands/create-template.js';
import { CLI_BIN, REPO_ROOT, TMP_APPS_DIR } from '../support/paths.js';

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

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown };

describe('blockyard synth of every template', () => {
  const apps: string[] = [];
  after(() => {
    for (const dir of apps) rmSync(dir, { recursive: true, force: true });
  });

  for (const template of listTemplates().map((t) => t.name)) {
    it(`${template}: Node.js 22, throttled and logged stage, least privilege, no CDK warning`, () => {
      const app = join(TMP_APPS_DIR, `synth-${template}-${randomBytes(4).toString('hex')}`);
      apps.push(app);
      assert.equal(blockyard(['create', app, '--template', template, '--registry']).status, 0);
      const out = join(app, 'cdk.out');
      const run = blockyard(['synth', '--dir', app, '--out', out], { JSII_DEPRECATED: 'fail' });
      assert.equal(run.status, 0, run.stderr);
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
        artifacts: Record<
          string,
          {
            properties?: { templateFile?: string };
            metadata?: Record<string, { type: string; data: unknown }[]>;
          }
        >;
      };
      const flagged = Object.values(manifest.artifacts).flatMap((artifact) =>
        Object.values(artifact.metadata ?? {})
          .flat()
          .filter((entry) => entry.type === 'aws:cdk:warning' || entry.type === 'aws:cdk:error'),
      );
      assert.deepEqual(flagged, []);
      const file = Object.values(manifest.artifacts).find((a) => a.properties?.templateFile)?.properties
        ?.templateFile;
      assert.ok(file);
      const resources = Object.values(
        (JSON.parse(readFileSync(join(out, file), 'utf8')) as { Resources: Record<string, Resource> })
          .Resources,
      );
      const fn = resources.find(
        (r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Handler === 'index.handler',
      );
      assert.equal(fn?.Properties?.Runtime, 'nodejs22.x');
      const stage = resources.find((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
      assert.ok(stage?.Properties?.DefaultRouteSettings, 'throttled');
      assert.ok(stage?.Properties?.AccessLogSettings, 'access log');
      for (const policy of resources.filter((r) => r.Type === 'AWS::IAM::Policy')) {
        const statements =
          (policy.Properties?.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? [];
        for (const statement of statements) {
          for (const action of ([] as string[]).concat(statement.Action))
            assert.ok(!action.includes('*'), action);
          assert.notEqual(statement.Resource, '*');
        }
      }
    });
  }
});
