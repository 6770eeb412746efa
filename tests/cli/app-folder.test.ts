/**
 * What `blockyard` says about the app folder: a missing folder, a file, a folder without
 * `aws-blocks/index.ts` (paths exactly as the user typed them), and a backend with nothing callable.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTempApp, REPO_ROOT, runBlockyard, startSandbox, type TempApp } from '../support/index.js';

describe('blockyard and the app folder', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'blockyard-app-folder-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('names a missing --dir folder as given, absolute, without suggesting --dir', async () => {
    const missing = join(scratch, 'missing-folder');
    const run = await runBlockyard(['sandbox', '--dir', missing, '--port', '0', '--no-watch']);
    assert.equal(run.code, 1);
    assert.ok(run.stderr.startsWith(`No app folder at ${missing}: the folder does not exist.`), run.stderr);
    assert.match(run.stderr, /blockyard create/);
    assert.doesNotMatch(run.stderr, /--dir/);
  });

  it('shows a relative --dir as typed', async () => {
    const typed = `./${relative(REPO_ROOT, join(scratch, 'nope'))}`;
    const run = await runBlockyard(['start', '--dir', typed, '--port', '0']);
    assert.equal(run.code, 1);
    assert.ok(run.stderr.startsWith(`No app folder at ${typed}:`), run.stderr);
  });

  it('tells a file from a folder', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, 'not a folder');
    const run = await runBlockyard(['sandbox', '--dir', file, '--port', '0', '--no-watch']);
    assert.equal(run.code, 1);
    assert.ok(run.stderr.startsWith(`${file} is a file, not an app folder`), run.stderr);
  });

  it('names the missing entry inside an existing --dir folder', async () => {
    const run = await runBlockyard(['sandbox', '--dir', scratch, '--port', '0', '--no-watch']);
    assert.equal(run.code, 1);
    assert.ok(
      run.stderr.startsWith(
        `No backend in ${scratch}: ${join(scratch, 'aws-blocks/index.ts')} does not exist.`,
      ),
      run.stderr,
    );
    assert.doesNotMatch(run.stderr, /--dir/);
  });

  it('suggests --dir only when none was given', async () => {
    const run = await runBlockyard(['sandbox', '--port', '0', '--no-watch'], { cwd: scratch });
    assert.equal(run.code, 1);
    assert.ok(
      run.stderr.startsWith(
        `No backend in the current folder (${scratch}): aws-blocks/index.ts does not exist.`,
      ),
      run.stderr,
    );
    assert.match(run.stderr, /pass --dir <app>/);
  });

  describe('a backend with nothing callable', () => {
    let apps: TempApp[] = [];
    after(async () => {
      await Promise.all(apps.map((app) => app.remove()));
      apps = [];
    });

    for (const [label, source, what] of [
      ['no exports', "import { Scope } from '@aws-blocks/blocks';\nnew Scope('quiet');\n", 'exports nothing'],
      ['no ApiNamespace export', 'export const answer = 42;\n', 'exports no ApiNamespace'],
    ] as const) {
      it(`starts, warning once that nothing is callable (${label})`, async () => {
        const app = await createTempApp({ 'aws-blocks/index.ts': source }, 'cli-uncallable');
        apps.push(app);
        const server = await startSandbox({ appDir: app.appDir, env: { BLOCKS_DATA_DIR: app.dataDir } });
        try {
          const warnings = server
            .stderr()
            .split('\n')
            .filter((line) => line.startsWith('Warning:'));
          assert.equal(warnings.length, 1, server.stderr());
          assert.match(
            warnings[0] ?? '',
            new RegExp(`aws-blocks/index\\.ts ${what}, so the API has nothing to call`),
          );
        } finally {
          await server.stop();
        }
      });
    }

    it('stays quiet for a backend with an ApiNamespace', async () => {
      const app = await createTempApp(
        {
          'aws-blocks/index.ts':
            "import { ApiNamespace, Scope } from '@aws-blocks/blocks';\nconst scope = new Scope('ok');\nexport const api = new ApiNamespace(scope, 'api', () => ({ async ping() { return 1; } }));\n",
        },
        'cli-callable',
      );
      apps.push(app);
      const server = await startSandbox({ appDir: app.appDir, env: { BLOCKS_DATA_DIR: app.dataDir } });
      try {
        assert.doesNotMatch(server.stderr(), /nothing to call/);
      } finally {
        await server.stop();
      }
    });
  });
});
