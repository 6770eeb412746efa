/**
 * A new user's path with the basic template: pack, `blockyard create` into a folder outside the
 * repository, `npm install` (Blockyard's packages from the app's vendor/ tarballs), `npm run
 * sandbox`, the seed flow over HTTP; then the app moved elsewhere and run again with the pack
 * folder gone; then `blockyard add auth-basic` making a backend without the package load, and
 * `blockyard add email-client` giving the app a working EmailClient. One full install; the later
 * ones only add a package.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callRpc, REPO_ROOT } from '../support/index.js';
import { profileThenSignOut, signInOrUp } from './flow.js';
import {
  cleanup,
  createApp,
  npmInstall,
  type Packed,
  runToEnd,
  startAppSandbox,
  tempDir,
} from './support.js';

const PASSWORD = 'correct-horse-42';

describe('an app made by blockyard create --template basic', { timeout: 900_000 }, () => {
  let packed: Packed;
  let prebuilds: string | undefined;
  let appDir: string;

  before(async () => {
    const app = await createApp('my-app');
    ({ appDir, packed, prebuilds } = app);
    // A measurement for the record, not an assertion (the machine is shared).
    console.log(
      `# blockyard create + npm install (basic template, warm npm cache): ${app.seconds.toFixed(1)} s`,
    );
  });
  after(cleanup);

  it('depends on nothing inside the repository or the pack folder', async () => {
    for (const file of ['package.json', 'package-lock.json']) {
      const text = await readFile(join(appDir, file), 'utf8');
      assert.ok(!text.includes(REPO_ROOT.replace(/\/$/, '')), `${file} names the repository`);
      assert.ok(!text.includes(packed.dir), `${file} names the pack folder`);
    }
    const manifest = JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8'));
    assert.match(manifest.dependencies['@aws-blocks/blocks'], /^file:vendor\/blockyard-blocks-/);
    assert.match(manifest.dependencies['@aws-blocks/bb-auth-basic'], /^file:vendor\/blockyard-auth-basic-/);
    assert.deepEqual(Object.keys(manifest.scripts).sort(), ['sandbox', 'spec', 'start']);
    // @blockyard/aws is an optional peer of the CLI: an app that does not deploy carries no AWS SDK.
    assert.equal(manifest.dependencies['@blockyard/aws'], undefined);
    assert.ok(!existsSync(join(appDir, 'node_modules/@blockyard/aws')), '@blockyard/aws was installed');
    assert.ok(!existsSync(join(appDir, 'node_modules/@aws-sdk')), 'an AWS SDK package was installed');
    const ignored = await readFile(join(appDir, '.gitignore'), 'utf8');
    for (const entry of ['.bb-data', '.blocks-sandbox', 'aws-blocks/client.js'])
      assert.ok(ignored.includes(entry));
  });

  it('serves the seed flow: sign up, getProfile, sign out', async () => {
    const sandbox = await startAppSandbox(appDir);
    try {
      const cookie = await signInOrUp(sandbox.apiUrl, 'signUp', 'alice', PASSWORD);
      await profileThenSignOut(sandbox.apiUrl, cookie, 'alice');
    } finally {
      await sandbox.stop();
    }
  });

  it('keeps working moved elsewhere, with the pack folder gone', async () => {
    const moved = join(await tempDir('app-moved'), 'moved-app');
    await rename(appDir, moved);
    appDir = moved;
    await rm(packed.dir, { recursive: true, force: true });
    const sandbox = await startAppSandbox(moved);
    try {
      // The data moved with the app: alice signs in with the password she signed up with.
      const cookie = await signInOrUp(sandbox.apiUrl, 'signIn', 'alice', PASSWORD);
      await profileThenSignOut(sandbox.apiUrl, cookie, 'alice');
    } finally {
      await sandbox.stop();
    }
  });

  it('blockyard add auth-basic makes a backend that lacks the package load', async () => {
    // A copy of the app (its install reused) without the AuthBasic alias, as if it never had it.
    const bare = join(await tempDir('app-bare'), 'bare-app');
    await cp(appDir, bare, { recursive: true, verbatimSymlinks: true });
    const manifestFile = join(bare, 'package.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    delete manifest.dependencies['@aws-blocks/bb-auth-basic'];
    await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
    await rm(join(bare, 'node_modules/@aws-blocks/bb-auth-basic'), { recursive: true });

    const failed = await runToEnd('npx', ['blockyard', 'sandbox', '--port', '0', '--no-watch'], {
      cwd: bare,
      timeoutMs: 60_000,
    });
    assert.equal(failed.code, 1, failed.stdout);
    assert.match(failed.stderr, /@aws-blocks\/bb-auth-basic/);
    assert.match(failed.stderr, /blockyard add auth-basic/);

    // The app's own blockyard, from inside the app: the tarball comes from its vendor/.
    const added = await runToEnd('npx', ['blockyard', 'add', 'auth-basic'], { cwd: bare });
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /new AuthBasic\(scope, 'auth'/);
    const updated = JSON.parse(await readFile(manifestFile, 'utf8'));
    assert.match(updated.dependencies['@aws-blocks/bb-auth-basic'], /^file:vendor\//);
    await npmInstall(bare, prebuilds);
    const sandbox = await startAppSandbox(bare);
    try {
      const cookie = await signInOrUp(sandbox.apiUrl, 'signUp', 'bob', PASSWORD);
      await profileThenSignOut(sandbox.apiUrl, cookie, 'bob');
    } finally {
      await sandbox.stop();
    }
  });

  it('blockyard add email-client adds @aws-blocks/bb-email-client, and its snippet sends mail', async () => {
    const mailing = join(await tempDir('app-email'), 'email-app');
    await cp(appDir, mailing, { recursive: true, verbatimSymlinks: true });
    // The copied compile cache names the original app's sources, which still exist unchanged: it
    // would be taken as current for this copy, so the copy starts without it.
    await rm(join(mailing, '.blocks-sandbox'), { recursive: true, force: true });
    const added = await runToEnd('npx', ['blockyard', 'add', 'email-client'], { cwd: mailing });
    assert.equal(added.code, 0, added.stderr);
    const manifest = JSON.parse(await readFile(join(mailing, 'package.json'), 'utf8'));
    assert.match(
      manifest.dependencies['@aws-blocks/bb-email-client'],
      /^file:vendor\/blockyard-email-client-/,
    );
    assert.match(manifest.dependencies['@blockyard/email-client'], /^file:vendor\/blockyard-email-client-/);
    // The printed lines, pasted under the seed backend as the output says, plus a call that uses them.
    const snippet = added.stdout.slice(
      added.stdout.indexOf("import { EmailClient } from '@aws-blocks/bb-email-client';"),
    );
    assert.match(snippet, /new EmailClient\(scope, 'email'/);
    const backend = join(mailing, 'aws-blocks/index.ts');
    await writeFile(
      backend,
      `${await readFile(backend, 'utf8')}\n${snippet}\n` +
        "export const mail = new ApiNamespace(scope, 'mail', () => ({\n" +
        "  async hello(to: string) {\n    return email.send({ to, subject: 'Hello', body: 'Hi from the app' });\n  },\n}));\n",
    );
    await npmInstall(mailing, prebuilds);
    const sandbox = await startAppSandbox(mailing);
    try {
      const sent = await callRpc(sandbox.apiUrl, 'mail.hello', ['erin@example.com']);
      assert.match(sent.body?.result?.messageId ?? '', /^mock-/, sent.text);
      const inbox = await fetch(new URL('/aws-blocks/dev/inbox?format=json', sandbox.apiUrl));
      assert.equal(inbox.status, 200);
      const view = (await inbox.json()) as { messages: Array<{ to: string[]; subject: string }> };
      assert.ok(view.messages.some((m) => m.to.includes('erin@example.com') && m.subject === 'Hello'));
    } finally {
      await sandbox.stop();
    }
  });
});
