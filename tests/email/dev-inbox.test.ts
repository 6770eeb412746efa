// The sandbox's dev inbox in a real browser (Debian's Chromium driven by playwright-core): sign up in
// examples/auth-basic-codes, read the code from the inbox page as it arrives, confirm with it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import {
  callRpc,
  createTempApp,
  REPO_ROOT,
  runBlockyard,
  type SandboxProcess,
  startSandbox,
} from '../support/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const APP = join(REPO_ROOT, 'examples/auth-basic-codes');
const PASSWORD = 'correct-horse-42';

function cookiesOf(setCookies: readonly string[]): string {
  return setCookies.map((line) => line.split(';')[0]).join('; ');
}

describe('dev inbox (blockyard sandbox, examples/auth-basic-codes)', () => {
  let sandbox: SandboxProcess;
  let browser: Browser;
  let dataDir: string;
  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM} (apt-get install chromium)`);
    dataDir = await mkdtemp(join(tmpdir(), 'blockyard-inbox-'));
    sandbox = await startSandbox({ appDir: APP, env: { BLOCKS_DATA_DIR: dataDir, BLOCKS_EMAIL_URL: '' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
  });
  after(async () => {
    await browser?.close();
    await sandbox?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the inbox URL at start', () => {
    assert.match(sandbox.stdout(), new RegExp(`Dev inbox at ${sandbox.url}/aws-blocks/dev/inbox\\n`));
  });

  it('shows the code of a sign-up as it arrives, newest first, and the code confirms the account', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sandbox.url });
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/aws-blocks/dev/inbox`);
    await page.waitForSelector('body[data-loaded="true"]');

    const first = `ada-${randomBytes(4).toString('hex')}@example.com`;
    const second = `grace-${randomBytes(4).toString('hex')}@example.com`;
    const signUp = await callRpc(sandbox.apiUrl, 'authApi.setAuthState', [
      { action: 'signUp', username: first, password: PASSWORD },
    ]);
    assert.equal(signUp.body.result.state, 'confirmingSignUp');

    // The page was loaded before the mail existed: it updates by itself.
    const article = page.locator('article.message', { hasText: first });
    await article.waitFor({ timeout: 10_000 });
    assert.equal(await article.locator('.subject').textContent(), 'Your My App verification code');
    assert.equal(await article.locator('.to').textContent(), `To: ${first}`);
    assert.ok(await article.locator('time').getAttribute('datetime'));
    const code = (await article.locator('mark.code').textContent()) ?? '';
    assert.match(code, /^\d{6}$/);
    await article.locator('button.copy').click();
    await page.waitForFunction(() => document.querySelector('button.copy')?.textContent === 'Copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);

    await callRpc(sandbox.apiUrl, 'authApi.setAuthState', [
      { action: 'signUp', username: second, password: PASSWORD },
    ]);
    await page.locator('article.message', { hasText: second }).waitFor({ timeout: 10_000 });
    const order = await page.locator('article.message .to').allTextContents();
    assert.deepEqual(order.slice(0, 2), [`To: ${second}`, `To: ${first}`], 'newest first');

    const confirmed = await callRpc(sandbox.apiUrl, 'authApi.setAuthState', [
      { action: 'confirmSignUp', username: first, code, password: PASSWORD },
    ]);
    assert.equal(confirmed.body.result.state, 'signedIn');
    const profile = await callRpc(sandbox.apiUrl, 'api.getProfile', [], {
      cookie: cookiesOf(confirmed.setCookies),
    });
    assert.equal(profile.body.result.username, first);
    await context.close();
  });

  it('answers a JSON view with the messages, newest first, never cached', async () => {
    const reply = await fetch(`${sandbox.url}/aws-blocks/dev/inbox?format=json`);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    const view = (await reply.json()) as {
      transports: string[];
      messages: { timestamp: string; html?: string }[];
    };
    assert.ok(view.messages.length >= 2);
    const times = view.messages.map((m) => m.timestamp);
    assert.deepEqual(times, [...times].sort().reverse());
    assert.match(view.transports[0] ?? '', /local mailbox/);
  });

  it('a username that is not an e-mail address is refused, and no mail goes out', async () => {
    const before = (
      (await (await fetch(`${sandbox.url}/aws-blocks/dev/inbox?format=json`)).json()) as {
        messages: unknown[];
      }
    ).messages.length;
    const reply = await callRpc(sandbox.apiUrl, 'authApi.setAuthState', [
      { action: 'signUp', username: `plain-${randomBytes(3).toString('hex')}`, password: PASSWORD },
    ]);
    const state = reply.body.result;
    // Delivered while the request waits, the refusal is the answer. Delivered from AuthBasic's
    // durable outbox (ARCHITECTURE D-15), the answer cannot wait for it: the refusal is then a
    // failed delivery, reported as an auth event. Either way nothing is sent.
    if (state.errorName !== undefined) assert.equal(state.errorName, 'InvalidInputException');
    else {
      assert.equal(state.state, 'confirmingSignUp');
      await sandbox.waitForOutput('codeDeliveryFailed', 10_000);
    }
    const afterCount = (
      (await (await fetch(`${sandbox.url}/aws-blocks/dev/inbox?format=json`)).json()) as {
        messages: unknown[];
      }
    ).messages.length;
    assert.equal(afterCount, before);
  });
});

describe('blockyard start with no transport', () => {
  it('refuses to start without BLOCKS_EMAIL_URL, naming the setting (codes would never reach anyone)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'blockyard-inbox-start-'));
    try {
      const run = await runBlockyard(['start', '--dir', APP, '--port', '0'], {
        env: { BLOCKS_DATA_DIR: dataDir, BLOCKS_EMAIL_URL: '' },
        timeoutMs: 30_000,
      });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /BLOCKS_EMAIL_URL is not set/);
      assert.match(run.stderr, /BLOCKS_EMAIL_URL=mailbox:/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('with BLOCKS_EMAIL_URL=mailbox: keeps the local mailbox on purpose, warns once, never serves the dev inbox', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'blockyard-inbox-start-'));
    const server = await startSandbox({
      appDir: APP,
      command: 'start',
      env: { BLOCKS_DATA_DIR: dataDir, BLOCKS_EMAIL_URL: 'mailbox:' },
    });
    try {
      const inbox = await fetch(`${server.url}/aws-blocks/dev/inbox`);
      assert.equal(inbox.status, 404);
      const json = await fetch(`${server.url}/aws-blocks/dev/inbox?format=json`);
      assert.equal(json.status, 404);
      await callRpc(server.apiUrl, 'authApi.setAuthState', [
        {
          action: 'signUp',
          username: `ada-${randomBytes(4).toString('hex')}@example.com`,
          password: PASSWORD,
        },
      ]);
      const notices = server.stderr().match(/BLOCKS_EMAIL_URL=mailbox: under blockyard start/g) ?? [];
      assert.equal(notices.length, 1);
      assert.doesNotMatch(server.stdout(), /Dev inbox at/);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

// A backend that mails whatever it is given, so the page meets hostile content.
const MAILER_BACKEND = `import { EmailClient } from '@aws-blocks/bb-email-client';
import { ApiNamespace, Scope } from '@aws-blocks/blocks';
const scope = new Scope('mailer');
const email = new EmailClient(scope, 'email', { fromAddress: 'Mailer <mailer@example.com>' });
export const api = new ApiNamespace(scope, 'api', () => ({
  async mail(subject: string, body: string, html: string) {
    return email.send({ to: 'victim@example.com', subject, body, html });
  },
}));
`;

describe('dev inbox with hostile mail content', () => {
  it('shows markup as text and never runs a message script', async () => {
    const app = await createTempApp({ 'aws-blocks/index.ts': MAILER_BACKEND }, 'email-xss');
    const server = await startSandbox({
      appDir: app.appDir,
      env: { BLOCKS_DATA_DIR: app.dataDir, BLOCKS_EMAIL_URL: '' },
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const subject = '<img src=x onerror="window.__owned=1">';
      const html =
        '<p>hi</p><script>parent.__owned = 2; window.__owned = 2;</script><img src=x onerror="parent.__owned=3">';
      const sent = await callRpc(server.apiUrl, 'api.mail', [subject, 'body <b>not bold</b> 424242', html]);
      assert.ok(sent.body.result.messageId);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}/aws-blocks/dev/inbox`);
      const article = page.locator('article.message').first();
      await article.waitFor({ timeout: 10_000 });
      assert.equal(await article.locator('.subject').textContent(), subject);
      assert.equal(await article.locator('.subject img').count(), 0);
      assert.equal(await article.locator('pre.body b').count(), 0);
      assert.equal(await article.locator('mark.code').textContent(), '424242');
      await article.locator('summary').click();
      assert.equal(await article.locator('iframe').getAttribute('sandbox'), '');
      // Once the frame has loaded, its image has failed and any handler of it would have run.
      const frame = await (await article.locator('iframe').elementHandle())?.contentFrame();
      assert.ok(frame, 'the HTML version is shown in a frame');
      await frame.waitForLoadState('load');
      assert.equal(await page.evaluate(() => (window as { __owned?: number }).__owned), undefined);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.stop();
      await app.remove();
    }
  });
});
