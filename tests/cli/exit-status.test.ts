/**
 * How `blockyard` ends when it cannot serve: a backend that does not compile or throws while loading
 * (exit 1, the file named), a missing backend (exit 1), bad flags and settings (exit 2), and help.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTempApp, runBlockyard, type TempApp } from '../support/index.js';
import { helperSource, testAppFiles } from './fixtures.js';

describe('blockyard exit status', () => {
  let app: TempApp;

  before(async () => {
    app = await createTempApp(testAppFiles(), 'cli-exit');
  });
  after(async () => {
    await app?.remove();
  });

  it('exits 1 naming the file and the location of a syntax error', async () => {
    const broken = await createTempApp(
      { 'aws-blocks/index.ts': "import { Scope } from '@aws-blocks/blocks';\nconst scope = new Scope(;\n" },
      'cli-syntax',
    );
    try {
      const run = await runBlockyard(['sandbox', '--dir', broken.appDir, '--port', '0', '--no-watch']);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^Failed to load backend [^\n]*aws-blocks\/index\.ts: /);
      assert.match(run.stderr, /aws-blocks\/index\.ts:2:\d+/);
      assert.doesNotMatch(run.stdout, /ready/);
    } finally {
      await broken.remove();
    }
  });

  it('exits 1 under watch too when the backend fails at start', async () => {
    const broken = await createTempApp(
      {
        'aws-blocks/index.ts': "import { suffix } from './helper.js';\nexport const x = suffix;\n",
        'aws-blocks/helper.ts': 'export const suffix = ;',
      },
      'cli-syntax-watch',
    );
    try {
      const run = await runBlockyard(['sandbox', '--dir', broken.appDir, '--port', '0']);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /aws-blocks\/helper\.ts:1:\d+/);
    } finally {
      await broken.remove();
    }
  });

  it('exits 1 with the message of a backend that throws while it loads', async () => {
    const throwing = await createTempApp(
      {
        'aws-blocks/index.ts': "import './helper.js';\nexport const x = 1;\n",
        'aws-blocks/helper.ts': "throw new Error('missing configuration value');\n",
      },
      'cli-throw',
    );
    try {
      const run = await runBlockyard(['start', '--dir', throwing.appDir, '--port', '0']);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /Failed to load backend [^\n]*aws-blocks\/index\.ts: missing configuration value/,
      );
      assert.match(run.stderr, /aws-blocks\/helper\.ts:1:\d+/);
    } finally {
      await throwing.remove();
    }
  });

  it('exits 1 when the app has no backend', async () => {
    const empty = await createTempApp({ 'README.md': 'no backend here' }, 'cli-empty');
    try {
      const run = await runBlockyard(['sandbox', '--dir', empty.appDir, '--port', '0', '--no-watch']);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /No backend in [^\n]*: [^\n]*aws-blocks\/index\.ts does not exist/);
    } finally {
      await empty.remove();
    }
  });

  it('exits 1 when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = await runBlockyard(['sandbox', '--dir', app.appDir, '--port', String(port), '--no-watch'], {
        env: { BLOCKS_DATA_DIR: app.dataDir },
      });
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${port}: port ${port} is already in use`),
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  for (const [args, pattern] of [
    [['sandbox', '--port', 'http'], /Invalid port "http"/],
    [['sandbox', '--port', '70000'], /Invalid port "70000"/],
    [['sandbox', '--port'], /Option --port needs a value/],
    [['sandbox', '--watch-everything'], /Unknown option "--watch-everything"/],
    [['start', '--no-watch'], /Unknown option "--no-watch" for "blockyard start"/],
    [['serve'], /Unknown command "serve"/],
    [[], /Missing command/],
  ] as const) {
    it(`exits 2 for: blockyard ${args.join(' ')}`, async () => {
      const run = await runBlockyard([...args]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, pattern);
      assert.match(run.stderr, /--help/);
    });
  }

  it('exits 2 for an unrecognised BLOCKS_TRUST_PROXY', async () => {
    const run = await runBlockyard(['start', '--dir', app.appDir, '--port', '0'], {
      env: { BLOCKS_TRUST_PROXY: 'maybe', BLOCKS_DATA_DIR: app.dataDir },
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /BLOCKS_TRUST_PROXY/);
  });

  it('exits 1 for a BLOCKS_DATABASE_URL that names no engine, without echoing the URL', async () => {
    const run = await runBlockyard(['start', '--dir', app.appDir, '--port', '0'], {
      env: { BLOCKS_DATABASE_URL: 'mysql://admin:hunter2-secret@db.internal/app' },
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Invalid storage engine setting \(BLOCKS_DATABASE_URL/);
    assert.match(run.stderr, /unsupported engine URL scheme mysql:/);
    assert.doesNotMatch(run.stderr + run.stdout, /hunter2-secret/);
    assert.doesNotMatch(run.stdout, /Blocks API ready/);
  });

  it('prints help and exits 0', async () => {
    const general = await runBlockyard(['--help']);
    assert.equal(general.code, 0);
    assert.match(general.stdout, /Usage: blockyard <command>/);
    const sandbox = await runBlockyard(['sandbox', '--help']);
    assert.equal(sandbox.code, 0);
    assert.match(sandbox.stdout, /--no-watch/);
  });

  it('the helper fixture compiles (guards the fixtures themselves)', () => {
    assert.match(helperSource('!'), /export const suffix/);
  });
});
