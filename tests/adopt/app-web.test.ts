/**
 * The web template, created outside the repository and installed from its vendor/ tarballs:
 * `npm run sandbox` builds the page with esbuild and serves it and the API from one origin; the page
 * and its bundle are fetched, and the seed flow runs over HTTP on that origin.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { profileThenSignOut, signInOrUp } from './flow.js';
import { cleanup, createApp, listDir, startAppSandbox } from './support.js';

const PASSWORD = 'correct-horse-42';

describe('an app made by blockyard create --template web', { timeout: 900_000 }, () => {
  let appDir: string;

  before(async () => {
    ({ appDir } = await createApp('web-app', 'web'));
  });
  after(cleanup);

  it('is an npm workspace app that builds its page with esbuild', async () => {
    const manifest = JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.workspaces, ['aws-blocks']);
    assert.match(manifest.scripts.sandbox, /^node build\.mjs && blockyard sandbox$/);
    assert.ok(manifest.devDependencies.esbuild);
    assert.match(manifest.dependencies['@aws-blocks/blocks'], /^file:vendor\/blockyard-blocks-/);
    // The page imports the typed client as `aws-blocks`: the workspace is linked by the install.
    const linked = JSON.parse(await readFile(join(appDir, 'node_modules/aws-blocks/package.json'), 'utf8'));
    assert.equal(linked.exports['.'].browser, './client.js');
    const ignored = (await readFile(join(appDir, '.gitignore'), 'utf8')).split('\n');
    for (const entry of ['.bb-data/', '.blocks-sandbox/', 'public/app.js'])
      assert.ok(ignored.includes(entry));
    assert.ok(!ignored.includes('aws-blocks/client.js'), 'the committed client is ignored');
  });

  it('serves the page and the API from one origin, and the seed flow works there', async () => {
    const sandbox = await startAppSandbox(appDir);
    try {
      assert.ok((await listDir(join(appDir, 'public'))).includes('app.js'), 'the page was not built');
      const origin = new URL(sandbox.apiUrl).origin;
      const page = await fetch(`${origin}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      const html = await page.text();
      assert.match(html, /<div id="authenticator"><\/div>/);
      assert.match(html, /<script type="module" src="\/app\.js"><\/script>/);
      const bundle = await fetch(`${origin}/app.js`);
      assert.equal(bundle.status, 200);
      assert.match(bundle.headers.get('content-type') ?? '', /javascript/);
      const code = await bundle.text();
      // The bundle holds the typed client's namespace and the Authenticator's calls.
      assert.ok(code.includes('authApi') && code.includes('setAuthState'), 'not the page bundle');

      const cookie = await signInOrUp(sandbox.apiUrl, 'signUp', 'dana', PASSWORD);
      await profileThenSignOut(sandbox.apiUrl, cookie, 'dana');
    } finally {
      await sandbox.stop();
    }
  });
});
