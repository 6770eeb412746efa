/**
 * Watch mode: an edit to the backend or to a file it imports is served without a restart, in the
 * same process; a broken edit keeps the previous backend serving until a good edit recovers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  callRpc,
  createTempApp,
  pollUntil,
  type SandboxProcess,
  startSandbox,
  type TempApp,
} from '../support/index.js';
import { helperSource, storeAppFiles, testAppFiles, testBackend } from './fixtures.js';

async function greeting(sandbox: SandboxProcess): Promise<string> {
  const reply = await callRpc(sandbox.apiUrl, 'api.greet', ['Ada']);
  return reply.body?.result?.message ?? JSON.stringify(reply.body);
}

function waitForGreeting(sandbox: SandboxProcess, expected: string): Promise<string> {
  return pollUntil(async () => ((await greeting(sandbox)) === expected ? expected : undefined), {
    timeoutMs: 15_000,
    description: `greeting "${expected}"`,
  });
}

/** Runs `use` on a watching sandbox of a throw-away app made of `files`, then stops it and removes the app. */
async function withWatchingSandbox(
  files: Record<string, string>,
  prefix: string,
  use: (app: TempApp, sandbox: SandboxProcess) => Promise<void>,
): Promise<void> {
  const app = await createTempApp(files, prefix);
  const sandbox = await startSandbox({
    appDir: app.appDir,
    args: ['--quiet'],
    env: { BLOCKS_DATA_DIR: app.dataDir },
  });
  try {
    await sandbox.waitForOutput('for changes');
    await use(app, sandbox);
  } finally {
    await sandbox.stop();
    await app.remove();
  }
}

describe('blockyard sandbox (watching)', () => {
  let app: TempApp;
  let sandbox: SandboxProcess;
  let pid: number | undefined;

  before(async () => {
    app = await createTempApp(testAppFiles(), 'cli-reload');
    sandbox = await startSandbox({
      appDir: app.appDir,
      args: ['--quiet'],
      env: { BLOCKS_DATA_DIR: app.dataDir },
    });
    pid = sandbox.proc.pid;
    await sandbox.waitForOutput('for changes');
  });
  after(async () => {
    await sandbox?.stop();
    await app?.remove();
  });

  it('serves an edited entry file', async () => {
    assert.equal(await greeting(sandbox), 'Hello, Ada!');
    await app.write('aws-blocks/index.ts', testBackend('Welcome'));
    assert.equal(await waitForGreeting(sandbox, 'Welcome, Ada!'), 'Welcome, Ada!');
    assert.match(sandbox.stdout(), /Reloaded backend after a change to [^\n]*aws-blocks\/index\.ts/);
  });

  it('re-evaluates a file the entry imports', async () => {
    await app.write('aws-blocks/helper.ts', helperSource('?!'));
    assert.equal(await waitForGreeting(sandbox, 'Welcome, Ada?!'), 'Welcome, Ada?!');
  });

  it('keeps serving the previous backend when an edit does not compile, naming the file', async () => {
    const reloads = sandbox.stdout().match(/Reloaded backend/g)?.length ?? 0;
    await app.write('aws-blocks/helper.ts', 'export const suffix: string = ;\n');
    await sandbox.waitForOutput('Still serving the previous backend', 15_000);
    assert.match(sandbox.stderr(), /Failed to load backend [^\n]*aws-blocks\/index\.ts/);
    assert.match(sandbox.stderr(), /aws-blocks\/helper\.ts:1:\d+/);
    assert.equal(await greeting(sandbox), 'Welcome, Ada?!');
    assert.equal(sandbox.stdout().match(/Reloaded backend/g)?.length ?? 0, reloads);
  });

  it('keeps serving when an edit throws while it is evaluated', async () => {
    const failures = sandbox.stderr().match(/Still serving/g)?.length ?? 0;
    await app.write(
      'aws-blocks/helper.ts',
      "throw new Error('helper cannot start');\nexport const suffix = '';\n",
    );
    await pollUntil(() => (sandbox.stderr().match(/Still serving/g)?.length ?? 0) > failures, {
      timeoutMs: 15_000,
      description: 'a second failed reload',
    });
    assert.match(sandbox.stderr(), /helper cannot start/);
    assert.equal(await greeting(sandbox), 'Welcome, Ada?!');
  });

  it('recovers with the next good edit, in the same process', async () => {
    await app.write('aws-blocks/helper.ts', helperSource('.'));
    assert.equal(await waitForGreeting(sandbox, 'Welcome, Ada.'), 'Welcome, Ada.');
    assert.equal(sandbox.proc.pid, pid);
    assert.equal(sandbox.proc.exitCode, null);
  });

  it('evaluates the app files again but loads packages once', async () => {
    const reply = await callRpc(sandbox.apiUrl, 'api.packagesLoadedOnce');
    assert.equal(reply.body.result, true);
  });

  it('keeps the data of blocks across reloads', async () => {
    await withWatchingSandbox(storeAppFiles('v1'), 'cli-store', async (store, server) => {
      assert.equal((await callRpc(server.apiUrl, 'api.remember', ['kept across reloads'])).body.result, 'v1');
      await store.write('aws-blocks/index.ts', storeAppFiles('v2')['aws-blocks/index.ts'] as string);
      const recalled = await pollUntil(
        async () => {
          const reply = await callRpc(server.apiUrl, 'api.recall');
          return reply.body?.result?.version === 'v2' ? reply.body.result : undefined;
        },
        { timeoutMs: 15_000, description: 'the reloaded backend' },
      );
      assert.deepEqual(recalled, { version: 'v2', note: 'kept across reloads' });
    });
  });

  it('ignores files the sandbox writes itself', async () => {
    const reloads = sandbox.stdout().match(/Reloaded backend/g)?.length ?? 0;
    await app.write('aws-blocks/blocks.spec.json', '{}');
    await app.write('.blocks-sandbox/notes.ts', 'export {};');
    await app.write('aws-blocks/notes.txt', 'not code');
    // A real change afterwards: had the files above counted, they would share its reload line or have
    // a reload of their own before it. No fixed wait needed.
    await app.write('aws-blocks/helper.ts', await app.read('aws-blocks/helper.ts'));
    await pollUntil(() => (sandbox.stdout().match(/Reloaded backend/g)?.length ?? 0) > reloads, {
      description: 'the reload after the helper changed',
    });
    const lines = sandbox.stdout().match(/Reloaded backend after a change to [^\n]*/g) ?? [];
    assert.equal(lines.length, reloads + 1, lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /helper\.ts/);
    assert.doesNotMatch(lines.at(-1) ?? '', /blocks\.spec\.json|notes\.ts|notes\.txt/);
  });
});

/**
 * After `blockyard add <block>` the user pastes the import, the watching sandbox reports the package
 * missing, and `npm install` brings it: the reload that follows the install must pick it up, with no
 * restart and no further edit.
 */
const installBackend = (body: string) => `import { ApiNamespace, Scope } from '@aws-blocks/blocks';
${body}
const scope = new Scope('install-reload');
export const api = new ApiNamespace(scope, 'api', () => ({
  async which() {
    return typeof late === 'undefined' ? 'before' : late;
  },
}));
`;

describe('blockyard sandbox picks up a package installed while it runs', () => {
  it('reloads when the install finishes, and the new package is found', async () => {
    const files = {
      'aws-blocks/index.ts': installBackend('const late = undefined;'),
      'package.json': '{"type":"module","dependencies":{}}',
      'package-lock.json': '{"lockfileVersion":3,"packages":{}}',
    };
    await withWatchingSandbox(files, 'install-reload', async (app, sandbox) => {
      await app.write(
        'aws-blocks/index.ts',
        installBackend("import { late } from '@late-scope/late-package';"),
      );
      await sandbox.waitForOutput("Cannot find package '@late-scope/late-package'", 30_000);
      // What `npm install` leaves behind: the package in node_modules, then the updated lockfile.
      const pkg = 'node_modules/@late-scope/late-package';
      await app.write(
        `${pkg}/package.json`,
        '{"name":"@late-scope/late-package","type":"module","exports":"./index.js"}',
      );
      await app.write(`${pkg}/index.js`, "export const late = 'after';\n");
      await app.write('package-lock.json', `{"lockfileVersion":3,"packages":{"${pkg}":{"version":"1.0.0"}}}`);
      const served = () => callRpc(sandbox.apiUrl, 'api.which', []).then((reply) => reply.body?.result);
      await pollUntil(async () => (await served()) === 'after', {
        timeoutMs: 30_000,
        description: 'the installed package is served',
      });
      assert.match(sandbox.stdout(), /Reloaded backend after a change to [^\n]*package-lock\.json/);
    });
  });
});
