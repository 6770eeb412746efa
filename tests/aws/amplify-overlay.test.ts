/**
 * The Amplify Gen 2 overlay (`blockyard create <dir> --amplify`) as files and package.json entries:
 * what it adds, what it keeps, what it refuses. That the result installs, type-checks and
 * synthesizes inside a real Amplify backend is `tests/adopt/amplify.test.ts`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  applyAmplifyOverlay,
  BACKEND_LINE,
  CDK_RANGES,
  cdkRangesFor,
} from '../../packages/cli/src/commands/amplify-overlay.js';
import { CLI_BIN, REPO_ROOT, TMP_APPS_DIR } from '../support/paths.js';

const AMPLIFY_BACKEND = `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';

const backend = defineBackend({ auth });
`;
const REGISTRY = { kind: 'registry', version: '0.1.0' } as const;

function amplifyApp(
  devDependencies: Record<string, string> = {
    '@aws-amplify/backend': '^1.25.1',
    '@aws-amplify/backend-cli': '^1.10.0',
  },
): string {
  const dir = join(TMP_APPS_DIR, `amplify-${randomBytes(4).toString('hex')}`);
  mkdirSync(join(dir, 'amplify'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'notes-app', type: 'module', scripts: { dev: 'vite' }, devDependencies }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'amplify', 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'amplify', 'backend.ts'), AMPLIFY_BACKEND);
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  return dir;
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
}

describe('Amplify Gen 2 overlay', () => {
  const made: string[] = [];
  let dir: string;
  before(() => {
    dir = amplifyApp();
    made.push(dir);
  });
  after(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('adds aws-blocks/, amplify/blocks.ts, every package its files import, and the scripts', async () => {
    const result = await applyAmplifyOverlay(dir, REGISTRY);
    assert.deepEqual(result.created.sort(), ['amplify/blocks.ts', 'aws-blocks/index.ts']);
    assert.deepEqual(result.modified.sort(), ['.gitignore', 'package.json']);
    assert.equal(result.backendLine, BACKEND_LINE);
    assert.deepEqual(result.notes, []);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.scripts['blocks:dev'], 'blockyard sandbox');
    assert.equal(pkg.scripts.sandbox, 'ampx sandbox');
    assert.equal(pkg.scripts.dev, 'vite', 'existing scripts are kept');
    assert.deepEqual(pkg.dependencies, {
      '@aws-blocks/bb-auth-basic': 'npm:@blockyard/auth-basic@^0.1.0',
      '@aws-blocks/blocks': 'npm:@blockyard/blocks@^0.1.0',
      '@blockyard/auth-cognito': '^0.1.0',
      '@blockyard/cli': '^0.1.0',
    });
    assert.deepEqual(pkg.devDependencies, {
      '@aws-amplify/backend': '^1.25.1',
      '@aws-amplify/backend-cli': '^1.10.0',
      '@blockyard/aws': '^0.1.0',
      '@types/node': `^${process.versions.node.split('.')[0]}.0.0`,
      'aws-cdk-lib': CDK_RANGES['aws-cdk-lib'],
      constructs: CDK_RANGES.constructs,
    });
    // Every package the written files import is a dependency of the app.
    const written = ['aws-blocks/index.ts', 'amplify/blocks.ts'].map((f) =>
      readFileSync(join(dir, f), 'utf8'),
    );
    const imported = written.flatMap((text) =>
      [...text.matchAll(/from '([^'.][^']*)'/g)].map((m) =>
        m[1]!.replace(/^(@[^/]+\/[^/]+|[^@/][^/]*).*$/, '$1'),
      ),
    );
    for (const name of new Set(imported)) {
      if (name.startsWith('node:')) assert.ok(pkg.devDependencies['@types/node'], name);
      else
        assert.ok(
          pkg.dependencies[name] ?? pkg.devDependencies[name],
          `${name} is imported but not a dependency`,
        );
    }
    assert.equal(
      readFileSync(join(dir, 'amplify', 'backend.ts'), 'utf8'),
      AMPLIFY_BACKEND,
      'backend.ts untouched',
    );
    const ignore = readFileSync(join(dir, '.gitignore'), 'utf8');
    assert.match(ignore, /^\.blocks-sandbox\/$/m);
    assert.match(ignore, /^\.bb-data\/$/m);
    assert.match(
      readFileSync(join(dir, 'aws-blocks', 'index.ts'), 'utf8'),
      /new CognitoAuth\(scope, 'cognito'\)/,
    );
  });

  it('changes nothing when run a second time', async () => {
    const before = readFileSync(join(dir, 'package.json'), 'utf8');
    await assert.rejects(applyAmplifyOverlay(dir, REGISTRY), (error: Error) => error.name === 'UsageError');
    assert.equal(readFileSync(join(dir, 'package.json'), 'utf8'), before);
  });

  it("keeps the app's own versions, and says when one is older than Blockyard needs", async () => {
    const own = amplifyApp({
      '@aws-amplify/backend-cli': '^1.10.0',
      'aws-cdk-lib': '^2.200.0',
      constructs: '^10.9.0',
      '@types/node': '^22.0.0',
    });
    made.push(own);
    const result = await applyAmplifyOverlay(own, REGISTRY);
    const pkg = JSON.parse(readFileSync(join(own, 'package.json'), 'utf8'));
    assert.equal(pkg.devDependencies['aws-cdk-lib'], '^2.200.0');
    assert.equal(pkg.devDependencies.constructs, '^10.9.0');
    assert.equal(pkg.devDependencies['@types/node'], '^22.0.0');
    assert.equal(result.notes.length, 1);
    assert.match(result.notes[0]!, /aws-cdk-lib/);
  });

  it('says how to install ampx when the app lacks @aws-amplify/backend-cli, which npm run sandbox needs', async () => {
    const bare = amplifyApp({ '@aws-amplify/backend': '^1.25.1' });
    made.push(bare);
    const result = await applyAmplifyOverlay(bare, REGISTRY);
    const cliNotes = result.notes.filter((note) => note.includes('@aws-amplify/backend-cli'));
    assert.equal(cliNotes.length, 1);
    assert.match(cliNotes[0]!, /npm install -D @aws-amplify\/backend-cli$/);
    const pkg = JSON.parse(readFileSync(join(bare, 'package.json'), 'utf8'));
    assert.equal(pkg.scripts.sandbox, 'ampx sandbox');
  });

  it("raises the CDK ranges to what the app's @aws-amplify/backend asks, and refuses another major", () => {
    assert.deepEqual(cdkRangesFor({}), CDK_RANGES);
    assert.deepEqual(cdkRangesFor({ 'aws-cdk-lib': '^2.257.0', constructs: '^10.6.0' }), CDK_RANGES);
    assert.equal(cdkRangesFor({ 'aws-cdk-lib': '^2.290.1' })['aws-cdk-lib'], '^2.290.1');
    assert.throws(
      () => cdkRangesFor({ 'aws-cdk-lib': '^3.0.0' }),
      (e: Error) => e.name === 'UsageError',
    );
  });

  it('asks for the CDK versions @blockyard/aws declares as peers', () => {
    const aws = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/aws/package.json'), 'utf8'));
    assert.deepEqual(CDK_RANGES, aws.peerDependencies);
  });

  it('is listed by `create --help`, and refuses a folder without amplify/backend.ts', () => {
    const help = cli(['create', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--amplify/);
    assert.equal(cli(['create', '.', '--amplify', '--help']).stdout, help.stdout);
    const plain = join(TMP_APPS_DIR, `plain-${randomBytes(4).toString('hex')}`);
    mkdirSync(plain, { recursive: true });
    made.push(plain);
    const run = cli(['create', plain, '--amplify', '--registry']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /amplify\/backend\.ts does not exist/);
    assert.equal(cli(['create', plain, '--amplify', '--registry', '--packages', plain]).status, 2);
  });

  it('says how to get the packages when there is no pack and no --registry', () => {
    const fresh = amplifyApp();
    made.push(fresh);
    const run = cli(['create', fresh, '--amplify', '--packages', join(fresh, 'no-packs')]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /npm run pack/);
    assert.match(run.stderr, /--registry/);
    assert.equal(readFileSync(join(fresh, 'package.json'), 'utf8').includes('@blockyard'), false);
  });

  it('prints what it created and the line for backend.ts', () => {
    const fresh = amplifyApp();
    made.push(fresh);
    const ok = cli(['create', fresh, '--amplify', '--registry']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok(ok.stdout.includes(BACKEND_LINE));
    assert.match(ok.stdout, /CREATE .*amplify\/blocks\.ts/);
    assert.match(ok.stdout, /MODIFY .*package\.json/);
  });
});
