// `blockyard generate spec`, `blocks-generate-spec` and the sandbox's background regeneration, run as
// child processes on throw-away copies of the example app.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createTempApp,
  pollUntil,
  REPO_ROOT,
  runBlockyard,
  startSandbox,
  type TempApp,
} from '../support/index.js';

const EXAMPLE_SOURCE = readFileSync(join(REPO_ROOT, 'examples/auth-basic-app/aws-blocks/index.ts'), 'utf8');
const SPEC_BIN = join(REPO_ROOT, 'packages/cli/bin/blocks-generate-spec.js');
const EXAMPLE_PACKAGE = readFileSync(join(REPO_ROOT, 'examples/auth-basic-app/package.json'), 'utf8');

function methodNames(file: string): string[] {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { methods: { name: string }[] };
  return spec.methods.map((m) => m.name);
}

describe('blockyard generate spec', () => {
  let app: TempApp;
  before(async () => {
    app = await createTempApp(
      { 'aws-blocks/index.ts': EXAMPLE_SOURCE, 'package.json': EXAMPLE_PACKAGE },
      'codegen-spec',
    );
  });
  after(() => app.remove());

  it('writes <app>/aws-blocks/blocks.spec.json as tab-indented OpenRPC', async () => {
    const run = await runBlockyard(['generate', 'spec', '--dir', app.appDir], { timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    const text = await app.read('aws-blocks/blocks.spec.json');
    assert.ok(text.startsWith('{\n\t"openrpc": "1.3.2"'));
    assert.deepEqual(methodNames(join(app.appDir, 'aws-blocks/blocks.spec.json')), [
      'api.getProfile',
      'authApi.getAuthState',
      'authApi.setAuthState',
    ]);
    // The seed app's spec: named from its package.json, the user component is AuthUser (R-1206), and
    // each method declares the errors it can answer (D-27).
    const spec = JSON.parse(text) as {
      info: { title: string; version: string };
      methods: { name: string; errors?: { code: number; data: { name: string } }[] }[];
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    assert.deepEqual(spec.info, { ...spec.info, title: 'auth-basic-app', version: '0.1.0' });
    assert.ok(spec.components.schemas.AuthUser?.properties?.createdAt);
    assert.equal(spec.components.schemas.AuthBasicUser, undefined);
    const errors = (name: string) =>
      (spec.methods.find((m) => m.name === name)?.errors ?? []).map((e) => `${e.data.name}/${e.code}`);
    assert.ok(errors('api.getProfile').includes('SessionExpiredException/401'));
    assert.ok(errors('authApi.setAuthState').includes('InvalidCredentialsException/401'));
  });

  it('honours --out, and blocks-generate-spec writes the same document', async () => {
    const out = join(app.appDir, 'out', 'spec.json');
    const run = await runBlockyard(['generate', 'spec', '--dir', app.appDir, '--out', out], {
      timeoutMs: 120_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const bin = spawnSync(
      process.execPath,
      [SPEC_BIN, join(app.appDir, 'aws-blocks/index.ts'), join(app.appDir, 'b.json')],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(bin.status, 0, bin.stderr);
    assert.equal(readFileSync(out, 'utf8'), readFileSync(join(app.appDir, 'b.json'), 'utf8'));
  });

  it('exits 1 with a clear message when the app has no backend, 2 for bad flags', async () => {
    const missing = await runBlockyard(['generate', 'spec', '--dir', join(app.appDir, 'nope')], {
      timeoutMs: 120_000,
    });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /index\.ts/);
    const bad = await runBlockyard(['generate', 'spec', '--lang', 'swift']);
    assert.equal(bad.code, 2);
    const target = await runBlockyard(['generate', 'docs']);
    assert.equal(target.code, 2);
  });
});

describe('blockyard generate client', () => {
  it('writes each language from the spec, generating the spec first when it is missing', async () => {
    const app = await createTempApp({ 'aws-blocks/index.ts': EXAMPLE_SOURCE }, 'codegen-client');
    try {
      const kotlin = await runBlockyard(
        ['generate', 'client', '--dir', app.appDir, '--lang', 'kotlin', '--package', 'com.example.app'],
        {
          timeoutMs: 120_000,
        },
      );
      assert.equal(kotlin.code, 0, kotlin.stderr);
      assert.ok(existsSync(join(app.appDir, 'aws-blocks/blocks.spec.json')));
      assert.match(
        await app.read('clients/kotlin/com/example/app/AuthApi.kt'),
        /^package com\.example\.app$/m,
      );
      for (const [lang, file] of [
        ['swift', 'clients/swift/Package.swift'],
        ['dart', 'clients/dart/lib/blocks_api.dart'],
        ['ts', 'clients/ts/index.js'],
      ] as const) {
        const run = await runBlockyard(['generate', 'client', '--dir', app.appDir, '--lang', lang], {
          timeoutMs: 120_000,
        });
        assert.equal(run.code, 0, run.stderr);
        assert.ok(existsSync(join(app.appDir, file)), file);
      }
      const out = join(app.appDir, 'elsewhere');
      const custom = await runBlockyard([
        'generate',
        'client',
        '--dir',
        app.appDir,
        '--lang',
        'ts',
        '--out',
        out,
      ]);
      assert.equal(custom.code, 0, custom.stderr);
      assert.ok(existsSync(join(out, 'api.js')) && existsSync(join(out, 'api.d.ts')));
    } finally {
      await app.remove();
    }
  });

  it('exits 2 for an unknown language or a bad package name, 2 for an unreadable spec', async () => {
    assert.equal((await runBlockyard(['generate', 'client', '--lang', 'rust'])).code, 2);
    assert.equal(
      (await runBlockyard(['generate', 'client', '--lang', 'kotlin', '--package', 'a b'])).code,
      2,
    );
    const app = await createTempApp({ 'spec.json': '{"openrpc":' }, 'codegen-badspec');
    try {
      const run = await runBlockyard([
        'generate',
        'client',
        '--spec',
        join(app.appDir, 'spec.json'),
        '--out',
        join(app.appDir, 'o'),
      ]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /spec\.json/);
    } finally {
      await app.remove();
    }
  });
});

describe('the sandbox regenerates the spec', () => {
  it('writes it after the ready line and again after a reload', async () => {
    const app = await createTempApp({ 'aws-blocks/index.ts': EXAMPLE_SOURCE }, 'codegen-sandbox');
    const sandbox = await startSandbox({
      appDir: app.appDir,
      args: ['--quiet'],
      env: { BLOCKS_DATA_DIR: app.dataDir, BLOCKS_API_URL: undefined },
    });
    try {
      const file = join(app.appDir, 'aws-blocks/blocks.spec.json');
      const first = await pollUntil(() => methodNames(file), {
        timeoutMs: 120_000,
        description: 'blocks.spec.json',
      });
      assert.deepEqual(first, ['api.getProfile', 'authApi.getAuthState', 'authApi.setAuthState']);
      // D-27: the sandbox's port changes from run to run, so the spec never names it.
      const spec = JSON.parse(readFileSync(file, 'utf8')) as { servers?: unknown; info: { title: string } };
      assert.equal(spec.servers, undefined);
      assert.equal(spec.info.title, 'api');
      await app.write(
        'aws-blocks/index.ts',
        EXAMPLE_SOURCE.replace(
          'async getProfile() {',
          'async ping() {\n    return "pong";\n  },\n  async getProfile() {',
        ),
      );
      await pollUntil(() => methodNames(file).includes('api.ping'), {
        timeoutMs: 120_000,
        description: 'api.ping in the spec',
      });
    } finally {
      await sandbox.stop();
      await app.remove();
    }
  });
});
