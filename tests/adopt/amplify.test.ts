/**
 * The seed's own setting: a minimal Amplify Gen 2 app (`defineBackend({ auth })` with `defineAuth`,
 * `@aws-amplify/backend` and `@aws-amplify/backend-cli` at the versions this test pins) gets
 * Blocks through `blockyard create . --amplify --packages <packed tarballs>`, installs, type-checks
 * `amplify/` with its own TypeScript, and synthesizes offline as `ampx sandbox` does: the app's
 * `amplify/backend.ts` run as a CDK app with the context a sandbox deployment passes. The cloud
 * assembly must hold the Blocks stack; the app's `npm run blocks:dev` serves the same backend
 * locally, and the client finds it through `amplify_outputs.json` (R-1010). One install serves
 * every test of the file.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { BACKEND_LINE } from '../../packages/cli/src/commands/amplify-overlay.js';
import { REPO_ROOT, startStandInApi } from '../support/index.js';
import {
  cleanup,
  localPrebuilds,
  npmInstall,
  type Packed,
  packPackages,
  runToEnd,
  startAppSandbox,
  tempDir,
} from './support.js';

const APP_NAME = 'notes-app';
const SANDBOX_USER = 'dev';
// What `ampx sandbox` passes its CDK app (@aws-amplify/platform-core's CDKContextKey; the namespace
// is the package name, the name the user or `--identifier`).
const SANDBOX_CONTEXT = {
  'amplify-backend-namespace': APP_NAME,
  'amplify-backend-name': SANDBOX_USER,
  'amplify-backend-type': 'sandbox',
};

const rootRequire = createRequire(join(REPO_ROOT, 'package.json'));
// The Amplify Gen 2 backend this test is held against, exact versions: the app installs them from the
// registry (they are not dependencies of this repository, whose lockfile they would not fit: their
// bundled dependencies fail npm ci's check).
const AMPLIFY_VERSIONS = { '@aws-amplify/backend': '1.25.1', '@aws-amplify/backend-cli': '1.10.0' };

function rootVersion(name: string): string {
  const manifest = rootRequire(join(REPO_ROOT, 'node_modules', name, 'package.json')) as { version: string };
  return manifest.version;
}

const BACKEND = `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';

const backend = defineBackend({ auth });
`;
const AUTH = `import { defineAuth } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: { email: true },
});
`;
// amplify/tsconfig.json as create-amplify writes it.
const AMPLIFY_TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    module: 'es2022',
    moduleResolution: 'bundler',
    resolveJsonModule: true,
    esModuleInterop: true,
    forceConsistentCasingInFileNames: true,
    strict: true,
    skipLibCheck: true,
    paths: { '$amplify/*': ['../.amplify/generated/*'] },
  },
};

/**
 * The marked blocks of docs/amplify.md, in order: `run` (shell lines run to the end, one after the
 * other), `sandbox` (the long-running command of the local API), and `output` (what the command
 * just before it printed, shown on the page).
 */
interface DocBlock {
  marker: 'run' | 'sandbox' | 'output';
  lines: string[];
}

async function documentedBlocks(): Promise<DocBlock[]> {
  const text = await readFile(join(REPO_ROOT, 'docs', 'amplify.md'), 'utf8');
  return [...text.matchAll(/<!-- docs-test: (run|sandbox|output) -->\n```\w+\n([\s\S]*?)```/g)].map(
    (match) => {
      const marker = match[1] as DocBlock['marker'];
      const lines = (match[2] ?? '').split('\n');
      return {
        marker,
        lines:
          marker === 'output'
            ? lines.filter((line) => line.trim() !== '')
            : lines.map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line !== ''),
      };
    },
  );
}

interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown }>;
}

async function writeAmplifyApp(dir: string): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(dir, 'amplify', 'auth'), { recursive: true });
  const devDependencies: Record<string, string> = { ...AMPLIFY_VERSIONS };
  for (const name of ['aws-cdk-lib', 'constructs', 'esbuild', 'tsx', 'typescript']) {
    devDependencies[name] = rootVersion(name);
  }
  const manifest = { name: APP_NAME, version: '0.1.0', private: true, type: 'module', devDependencies };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, 'amplify', 'package.json'), '{ "type": "module" }\n');
  await writeFile(join(dir, 'amplify', 'tsconfig.json'), `${JSON.stringify(AMPLIFY_TSCONFIG, null, 2)}\n`);
  await writeFile(join(dir, 'amplify', 'backend.ts'), BACKEND);
  await writeFile(join(dir, 'amplify', 'auth', 'resource.ts'), AUTH);
  await writeFile(join(dir, '.gitignore'), 'node_modules\n.amplify\namplify_outputs*\n');
}

describe('Blocks in a real Amplify Gen 2 backend', () => {
  let packed: Packed;
  let appDir: string;
  let created: { stdout: string; stderr: string; code: number | null };
  /** Each shown output, with the output of the command that printed it. */
  const shown: { command: string; lines: string[]; printed: string }[] = [];
  let ran: string[];
  let sandboxStep: { command: string; output: string[] };
  const results = new Map<string, { stdout: string; stderr: string; code: number | null }>();
  let assemblyDir: string;
  let synthOutput: string;

  before(async () => {
    packed = await packPackages();
    appDir = join(await tempDir('amplify-app'), APP_NAME);
    await writeAmplifyApp(appDir);
    const prebuilds = await localPrebuilds();
    // The commands docs/amplify.md shows, as a user runs them: the clone's path is this repository,
    // its dist-packages/ the tarballs packed for this test.
    const blocks = await documentedBlocks();
    ran = [];
    let last: { command: string; stdout: string } | undefined;
    for (const [index, block] of blocks.entries()) {
      if (block.marker === 'output') {
        if (blocks[index - 1]?.marker === 'sandbox') continue; // checked by the blocks:dev test
        assert.ok(last, 'an output block follows the command that prints it');
        shown.push({ command: last.command, lines: block.lines, printed: last.stdout });
        continue;
      }
      if (block.marker === 'sandbox') {
        assert.equal(block.lines.length, 1, 'one long-running command');
        const next = blocks[index + 1];
        sandboxStep = { command: block.lines[0] ?? '', output: next?.marker === 'output' ? next.lines : [] };
        last = undefined;
        continue;
      }
      for (const line of block.lines) {
        ran.push(line);
        const command = line
          .replaceAll('../blockyard/dist-packages', packed.dir)
          .replaceAll('../blockyard', REPO_ROOT.replace(/\/$/, ''));
        if (command === 'npm install') {
          await npmInstall(appDir, prebuilds);
          last = { command: line, stdout: '' };
          continue;
        }
        const result = await runToEnd('sh', ['-c', command], { cwd: appDir, timeoutMs: 300_000 });
        results.set(line, result);
        assert.equal(result.code, 0, `${line}\n${result.stdout}\n${result.stderr}`);
        last = { command: line, stdout: result.stdout };
      }
    }
    const create = [...results.entries()].find(([line]) => line.includes(' create . --amplify'));
    assert.ok(create, 'docs/amplify.md shows the create command');
    created = create[1];
  });
  after(cleanup);

  it('runs the commands docs/amplify.md shows, and prints the output it shows', () => {
    assert.ok(ran.some((line) => line.includes('create . --amplify')));
    assert.ok(ran.includes('npm install'));
    assert.ok(ran.some((line) => line.startsWith('npx tsc --noEmit -p amplify')));
    assert.ok(ran.some((line) => line.includes(BACKEND_LINE) && line.includes('amplify/backend.ts')));
    assert.ok(ran.some((line) => line.startsWith('npx blockyard generate client')));
    assert.ok(ran.some((line) => line.startsWith('npx blockyard add email-client')));
    assert.equal(sandboxStep.command, 'npm run blocks:dev');
    assert.ok(shown.length >= 3, 'the page shows real output');
    for (const { command, lines, printed } of shown) {
      for (const line of lines)
        assert.ok(printed.includes(line), `${command}: shown but not printed: ${line}`);
    }
  });

  it('vendors the tarballs and depends on them by file:, printing the line for backend.ts', async () => {
    assert.match(created.stdout, /CREATE .*amplify\/blocks\.ts/);
    assert.ok(created.stdout.includes(BACKEND_LINE));
    assert.ok((await readFile(join(appDir, 'amplify', 'backend.ts'), 'utf8')).endsWith(`${BACKEND_LINE}\n`));
    const manifest = JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const [name, spec] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
      if (name.startsWith('@blockyard/') || spec.includes('@blockyard/')) {
        assert.match(spec, /^file:vendor\/.+\.tgz$/, `${name}: ${spec}`);
      }
    }
    assert.ok(manifest.devDependencies['@blockyard/aws']);
    assert.ok(manifest.devDependencies['@types/node']);
    const vendored = await readdir(join(appDir, 'vendor'));
    assert.ok(vendored.includes('packages.json'));
    assert.ok(vendored.some((file) => file.includes('auth-cognito')));
  });

  it("type-checks amplify/ with the app's TypeScript (the documented npx tsc)", () => {
    const typecheck = [...results.entries()].find(([line]) => line.startsWith('npx tsc'));
    assert.ok(typecheck);
    assert.equal(typecheck[1].code, 0, `${typecheck[1].stdout}\n${typecheck[1].stderr}`);
  });

  it('synthesizes the backend as a sandbox deployment does, offline', async () => {
    assemblyDir = await tempDir('amplify-cdk-out');
    const tsx = join(appDir, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const result = await runToEnd(process.execPath, [tsx, 'amplify/backend.ts'], {
      cwd: appDir,
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify(SANDBOX_CONTEXT),
        CDK_OUTDIR: assemblyDir,
        JSII_DEPRECATED: 'fail',
        AWS_REGION: 'eu-west-1',
        CDK_DEFAULT_REGION: 'eu-west-1',
        CDK_DEFAULT_ACCOUNT: '123456789012',
      },
      timeoutMs: 300_000,
    });
    synthOutput = `${result.stdout}\n${result.stderr}`;
    assert.equal(result.code, 0, synthOutput);
    assert.ok((await readdir(assemblyDir)).includes('manifest.json'), synthOutput);
  });

  async function templates(): Promise<{ root: Template; nested: Map<string, Template> }> {
    const files = await readdir(assemblyDir);
    const rootFile = files.find(
      (f) => f.startsWith(`amplify-${APP_NAME.replace(/-/g, '')}`) && f.endsWith('.template.json'),
    );
    const anyRoot = rootFile ?? files.find((f) => f.endsWith('.template.json') && !f.includes('.nested.'));
    assert.ok(anyRoot, files.join(', '));
    const root = JSON.parse(await readFile(join(assemblyDir, anyRoot), 'utf8')) as Template;
    const nested = new Map<string, Template>();
    for (const file of files.filter((f) => f.endsWith('.nested.template.json'))) {
      nested.set(file, JSON.parse(await readFile(join(assemblyDir, file), 'utf8')) as Template);
    }
    return { root, nested };
  }

  it('puts Blocks in a nested stack of its own: Node.js 22 function, table, signing-key secret, Cognito ids', async () => {
    const { root, nested } = await templates();
    const stacks = Object.values(root.Resources).filter((r) => r.Type === 'AWS::CloudFormation::Stack');
    assert.ok(stacks.length >= 2, 'the auth and blocks nested stacks');
    const blocksFile = [...nested.keys()].find((file) => /blocks/i.test(file));
    assert.ok(blocksFile, [...nested.keys()].join(', '));
    const blocks = nested.get(blocksFile)!;
    const byType = (type: string) => Object.values(blocks.Resources).filter((r) => r.Type === type);
    const functions = byType('AWS::Lambda::Function');
    const handler = functions.find((f) => (f.Properties?.Handler as string) === 'index.handler');
    assert.ok(handler, JSON.stringify(functions.map((f) => f.Properties?.Handler)));
    assert.equal(handler.Properties?.Runtime, 'nodejs22.x');
    // The function's code is the bundle of aws-blocks/index.ts, CognitoAuth included.
    const key = JSON.stringify((handler.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key);
    const hash = /([0-9a-f]{64})\.zip/.exec(key)?.[1];
    assert.ok(hash, key);
    const assetDir = join(assemblyDir, `asset.${hash}`);
    const chunks = (await readdir(assetDir)).filter((file) => file.endsWith('.mjs'));
    assert.ok(chunks.includes('index.mjs'), chunks.join(', '));
    const code = await Promise.all(chunks.map((file) => readFile(join(assetDir, file), 'utf8')));
    assert.ok(
      code.some((text) => text.includes('CognitoAuth')),
      'CognitoAuth is in the bundle',
    );
    const variables =
      (handler.Properties?.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ??
      {};
    assert.ok(variables.COGNITO_USER_POOL_ID, 'the user pool id reaches the function');
    assert.ok(variables.COGNITO_CLIENT_ID, 'the app client id reaches the function');
    assert.match(JSON.stringify(variables.CORS_ALLOWED_ORIGINS), /localhost/);
    assert.equal(byType('AWS::DynamoDB::Table').length, 1);
    assert.equal(byType('AWS::SecretsManager::Secret').length, 1);
    assert.equal(byType('AWS::ApiGatewayV2::Api').length, 1);
    // A sandbox's data goes with the sandbox (`ampx sandbox delete`).
    const table = Object.values(blocks.Resources).find((r) => r.Type === 'AWS::DynamoDB::Table') as {
      DeletionPolicy?: string;
    };
    assert.equal(table.DeletionPolicy, 'Delete');
    for (const statement of Object.values(blocks.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap(
        (r) =>
          (
            r.Properties?.PolicyDocument as
              | { Statement: { Action: unknown; Resource: unknown }[] }
              | undefined
          )?.Statement ?? [],
      )) {
      const actions = ([] as unknown[]).concat(statement.Action);
      const resources = ([] as unknown[]).concat(statement.Resource);
      assert.ok(!(actions.includes('*') && resources.includes('*')), JSON.stringify(statement));
    }
  });

  it('adds custom.blocks_api_url to the Amplify outputs', async () => {
    const { root } = await templates();
    const custom = Object.entries(root.Outputs ?? {}).find(([key]) => key === 'customOutputs');
    assert.ok(custom, Object.keys(root.Outputs ?? {}).join(', '));
    const value = JSON.stringify(custom[1].Value);
    assert.match(value, /blocks_api_url/);
    assert.match(value, /\/aws-blocks\/api/);
  });

  it('leaves no CDK warning or error on the Blocks constructs', async () => {
    const manifest = JSON.parse(await readFile(join(assemblyDir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { metadata?: Record<string, { type: string; data: unknown }[]> }>;
    };
    const flagged: string[] = [];
    for (const artifact of Object.values(manifest.artifacts)) {
      for (const [path, entries] of Object.entries(artifact.metadata ?? {})) {
        for (const entry of entries) {
          if (
            (entry.type === 'aws:cdk:warning' || entry.type === 'aws:cdk:error') &&
            /\/blocks\//.test(path)
          ) {
            flagged.push(`${path}: ${JSON.stringify(entry.data)}`);
          }
        }
      }
    }
    assert.deepEqual(flagged, []);
    assert.doesNotMatch(synthOutput, /deprecated/i);
  });

  it("npm run blocks:dev serves the same backend, and the page's client calls it instead of the deployed URL, without a code change", async () => {
    // The deployed API of amplify_outputs.json, played by a loopback server that records the calls.
    const deployed = await startStandInApi();
    const deployedCalls = deployed.calls;
    const deployedUrl = deployed.url;
    const outputs = join(appDir, 'amplify_outputs.json');
    await writeFile(
      outputs,
      `${JSON.stringify({ version: '1.4', custom: { blocks_api_url: deployedUrl } }, null, 2)}\n`,
    );
    const client = pathToFileURL(
      join(appDir, 'node_modules', '@blockyard', 'client', 'dist', 'index.js'),
    ).href;
    // The page's code, unchanged between the runs: the client configured from amplify_outputs.json
    // (as docs/amplify.md shows), or left to find the file itself.
    const call = async (configure: boolean) => {
      const script = `
        import { readFile } from 'node:fs/promises';
        const { ApiNamespaceClient, configureApiUrl, resolveApiUrl } = await import(${JSON.stringify(client)});
        if (${configure}) configureApiUrl(JSON.parse(await readFile('amplify_outputs.json', 'utf8')));
        const state = await ApiNamespaceClient('authApi').getAuthState();
        console.log(JSON.stringify({ url: await resolveApiUrl(), state }));
      `;
      const result = await runToEnd(process.execPath, ['--input-type=module', '-e', script], {
        cwd: appDir,
        timeoutMs: 60_000,
      });
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as {
        url: string;
        state: { deployed?: boolean; state?: unknown };
      };
    };
    try {
      const sandbox = await startAppSandbox(appDir, 120_000, 'blocks:dev');
      try {
        const shown = sandboxStep.output.map((line) => line.replace(/:\d+\//g, ':3001/'));
        const printed = sandbox.output().replace(/:\d+\//g, ':3001/');
        for (const line of shown)
          assert.ok(printed.includes(line), `shown but not printed: ${line}\n${printed}`);
        for (const configure of [true, false]) {
          const answer = await call(configure);
          assert.equal(answer.url, sandbox.apiUrl.replace('127.0.0.1', 'localhost'));
          assert.equal(answer.state.deployed, undefined, 'answered by the local sandbox');
          assert.ok(answer.state.state, JSON.stringify(answer.state));
        }
        assert.deepEqual(deployedCalls, []);
      } finally {
        await sandbox.stop();
      }
      // Stopped, the sandbox leaves no override: the same code calls the deployed API.
      assert.equal(existsSync(join(appDir, '.blocks-sandbox', 'config.json')), false);
      for (const configure of [true, false]) {
        const answer = await call(configure);
        assert.equal(answer.url, deployedUrl);
        assert.equal(answer.state.deployed, true);
      }
      assert.deepEqual(deployedCalls, ['authApi.getAuthState', 'authApi.getAuthState']);
    } finally {
      await rm(outputs, { force: true });
      await deployed.close();
    }
  });
});
