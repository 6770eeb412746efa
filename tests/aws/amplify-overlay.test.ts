/**
 * The Amplify Gen 2 overlay (`blockyard create <dir> --amplify`) in an Amplify-shaped app, and the
 * `amplify/blocks.ts` it writes synthesizing in a CDK app shaped like Amplify's backend:
 * `@aws-amplify/backend` is not a dependency of this repository (its `defineBackend` needs the
 * Amplify toolchain's context), so a root stack with `createStack` (nested stacks, as Amplify makes
 * them) and `addOutput` stands in for it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { applyAmplifyOverlay, BACKEND_LINE } from '../../packages/cli/src/commands/amplify-overlay.js';
import { CLI_BIN, REPO_ROOT, TMP_APPS_DIR } from '../support/paths.js';

const AMPLIFY_BACKEND = `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';

const backend = defineBackend({ auth });
`;

function amplifyApp(): string {
  const dir = join(TMP_APPS_DIR, `amplify-${randomBytes(4).toString('hex')}`);
  mkdirSync(join(dir, 'amplify'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'notes-app', type: 'module', scripts: { dev: 'vite' }, devDependencies: { '@aws-amplify/backend': '^1.25.1' } }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'amplify', 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'amplify', 'backend.ts'), AMPLIFY_BACKEND);
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  return dir;
}

/** Amplify's backend surface as `amplify/blocks.ts` uses it, over plain CDK. */
function amplifyShapedBackend() {
  const app = new App();
  const root = new Stack(app, 'amplify-notesapp-dev-sandbox-0123456789');
  const outputs: Record<string, unknown>[] = [];
  return {
    app,
    root,
    outputs,
    createStack: (name: string) => new NestedStack(root, name),
    addOutput: (output: { custom: Record<string, unknown> }) => void outputs.push(output.custom),
  };
}

describe('Amplify Gen 2 overlay', () => {
  let dir: string;
  before(() => {
    dir = amplifyApp();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('adds aws-blocks/, amplify/blocks.ts, the packages and scripts, and names the line for backend.ts', async () => {
    const result = await applyAmplifyOverlay(dir);
    assert.deepEqual(result.created.sort(), ['amplify/blocks.ts', 'aws-blocks/index.ts']);
    assert.deepEqual(result.modified.sort(), ['.gitignore', 'package.json']);
    assert.equal(result.backendLine, BACKEND_LINE);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.scripts['blocks:dev'], 'blockyard sandbox');
    assert.equal(pkg.scripts.sandbox, 'ampx sandbox');
    assert.equal(pkg.scripts.dev, 'vite', 'existing scripts are kept');
    assert.match(pkg.dependencies['@aws-blocks/blocks'], /^npm:@blockyard\/blocks@/);
    assert.ok(pkg.devDependencies['@blockyard/aws']);
    assert.equal(
      readFileSync(join(dir, 'amplify', 'backend.ts'), 'utf8'),
      AMPLIFY_BACKEND,
      'backend.ts untouched',
    );
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\.blocks-sandbox\/$/m);
    assert.match(readFileSync(join(dir, 'aws-blocks', 'index.ts'), 'utf8'), /new AuthBasic\(scope, 'auth'/);
  });

  it('changes nothing when run a second time', async () => {
    const before = readFileSync(join(dir, 'package.json'), 'utf8');
    await assert.rejects(applyAmplifyOverlay(dir), (error: Error) => error.name === 'UsageError');
    assert.equal(readFileSync(join(dir, 'package.json'), 'utf8'), before);
  });

  it('synthesizes the Blocks stack inside the Amplify-shaped app and outputs custom.blocks_api_url', async () => {
    const { initBlocks } = (await import(pathToFileURL(join(dir, 'amplify', 'blocks.ts')).href)) as {
      initBlocks(backend: ReturnType<typeof amplifyShapedBackend>): { apiUrl: string };
    };
    const backend = amplifyShapedBackend();
    const blocks = initBlocks(backend);
    assert.equal(backend.outputs.length, 1);
    assert.equal(backend.outputs[0]?.blocks_api_url, blocks.apiUrl);
    const nested = backend.root.node.findChild('blocks') as NestedStack;
    const template = Template.fromStack(nested);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    Template.fromStack(backend.root).resourceCountIs('AWS::CloudFormation::Stack', 1);
    assert.match(JSON.stringify(nested.resolve(blocks.apiUrl)), /"ApiEndpoint"\]},"\/aws-blocks\/api"/);
  });

  it('is reached as `blockyard create <dir> --amplify`, and refuses a folder without amplify/backend.ts', () => {
    const plain = join(TMP_APPS_DIR, `plain-${randomBytes(4).toString('hex')}`);
    mkdirSync(plain, { recursive: true });
    try {
      const run = spawnSync(process.execPath, [CLI_BIN, 'create', plain, '--amplify'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
      assert.equal(run.status, 1);
      assert.match(run.stderr, /amplify\/backend\.ts does not exist/);
      const fresh = amplifyApp();
      try {
        const ok = spawnSync(process.execPath, [CLI_BIN, 'create', fresh, '--amplify'], {
          cwd: REPO_ROOT,
          encoding: 'utf8',
        });
        assert.equal(ok.status, 0, ok.stderr);
        assert.ok(ok.stdout.includes(BACKEND_LINE));
        assert.match(ok.stdout, /CREATE .*amplify\/blocks\.ts/);
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
