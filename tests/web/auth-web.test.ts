import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { callRpc, type SandboxProcess, startSandbox } from '../support/index.js';
import {
  assertNoViolations,
  buildWebExample,
  launchChromium,
  screenshot,
  skipReason,
  tid,
  uniqueUsername,
  WEB_APP,
} from './browser.js';

const PASSWORD = 'correct-horse-42';

/** Signs up in the example's tabs layout: the Create Account tab, the password twice. */
async function signUp(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByRole('tab', { name: 'Create Account' }).first().click();
  const form = '[data-testid="authenticator"] [data-testid="authenticator-action-signUp"]';
  await page.fill(`${form} [data-testid="authenticator-username"]`, username);
  await page.fill(`${form} [data-testid="authenticator-password"]`, password);
  await page.fill(`${form} [data-testid="authenticator-confirmPassword"]`, password);
  await page.click(`${form} [data-testid="authenticator-submit"]`);
}

async function signedInAs(page: Page): Promise<string> {
  const heading = page.locator(tid('authenticator-signed-in', 'authenticator'));
  await heading.waitFor({ timeout: 15_000 });
  return (await heading.textContent()) ?? '';
}

const assertAccessible = assertNoViolations;

describe('web example in Chromium', { skip: skipReason }, () => {
  let sandbox: SandboxProcess;
  let browser: Browser;
  let context: BrowserContext;
  let origin: string;
  const username = uniqueUsername('ada');

  before(async () => {
    buildWebExample();
    const dataDir = await import('node:fs/promises').then((fs) =>
      fs.mkdtemp(`${(process.env.TMPDIR ?? '/tmp').replace(/\/$/, '')}/blockyard-web-`),
    );
    sandbox = await startSandbox({ appDir: WEB_APP, env: { BLOCKS_DATA_DIR: dataDir } });
    // The page is opened on `localhost`, the host the sandbox's runtime config names.
    origin = `http://localhost:${sandbox.port}`;
    browser = await launchChromium();
    context = await browser.newContext();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await sandbox?.stop();
  });

  it('signs up, stays signed in across a reload, and shows the profile from api.getProfile', async () => {
    const page = await context.newPage();
    const missing: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) missing.push(response.url());
    });
    await page.goto(`${origin}/`);
    await page.locator(tid('authenticator-heading', 'authenticator')).waitFor();
    assert.equal(await page.title(), 'Sign in · Blockyard example', 'a title per state');
    await screenshot(page, '01-signed-out');
    await assertAccessible(page, 'signedOut');
    await page.setViewportSize({ width: 320, height: 640 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'fits 320 px');
    await screenshot(page, '01-signed-out-320');
    await page.setViewportSize({ width: 1280, height: 720 });

    await signUp(page, username);
    assert.equal(await signedInAs(page), `Signed in as: ${username}`);
    await page.locator(tid('profile-username')).waitFor();
    assert.equal(await page.textContent(tid('profile-username')), username);
    assert.equal(await page.textContent(tid('account-menu-username')), `👤 ${username}`);
    assert.equal(await page.title(), 'Your profile · Blockyard example');
    await screenshot(page, '02-signed-in');
    await assertAccessible(page, 'signedIn');
    await page.setViewportSize({ width: 320, height: 640 });
    await screenshot(page, '02-signed-in-320');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'fits 320 px');
    await page.setViewportSize({ width: 1280, height: 720 });
    assert.deepEqual(missing, [], 'every resource the page loads exists (the favicon too)');
    const favicon = await fetch(`${origin}/favicon.ico`);
    assert.equal(favicon.status, 200, '/favicon.ico is served for clients that ask for it directly');

    await page.reload();
    assert.equal(await signedInAs(page), `Signed in as: ${username}`);
    await page.locator(tid('profile-username')).waitFor();
    assert.equal(await page.textContent(tid('profile-username')), username);
    await page.close();
  });

  it('signing out in one tab updates a second tab, and the copied cookie stops working', async () => {
    const first = await context.newPage();
    const second = await context.newPage();
    await first.goto(`${origin}/`);
    await second.goto(`${origin}/`);
    await signedInAs(first);
    await signedInAs(second);
    const cookies = await context.cookies(origin);
    const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const before = await callRpc(sandbox.apiUrl, 'api.getProfile', [], { cookie: cookieHeader });
    assert.equal(before.body.result.username, username, 'the copied cookie works while signed in');

    await first.click(tid('account-menu-signout'));
    await first.locator(tid('account-menu-signin')).waitFor();
    // No reload: the second tab hears the BroadcastChannel message and asks the server again.
    await second.locator(tid('account-menu-signin')).waitFor({ timeout: 10_000 });
    await second.locator(tid('authenticator-heading', 'authenticator')).waitFor();
    assert.equal(await second.locator(tid('profile-username')).count(), 0);

    const afterSignOut = await callRpc(sandbox.apiUrl, 'api.getProfile', [], { cookie: cookieHeader });
    assert.equal(afterSignOut.body.error.code, 401, 'a copied cookie is revoked by sign-out');
    await first.close();
    await second.close();
  });

  it('shows a wrong password as an error and keeps the form and the username', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    const form = '[data-testid="authenticator"] [data-testid="authenticator-action-signIn"]';
    await page.fill(`${form} [data-testid="authenticator-username"]`, username);
    await page.fill(`${form} [data-testid="authenticator-password"]`, 'wrong-password-1');
    await page.click(`${form} [data-testid="authenticator-submit"]`);
    const error = page.locator(tid('authenticator-error', 'authenticator'));
    await error.waitFor();
    assert.equal(await error.getAttribute('aria-live'), 'assertive');
    assert.equal(await page.inputValue(`${form} [data-testid="authenticator-username"]`), username);
    assert.equal(await page.inputValue(`${form} [data-testid="authenticator-password"]`), '');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    assert.equal(focused, 'authenticator-password', 'focus returns to the field to correct');
    await screenshot(page, '03-wrong-password');
    await assertAccessible(page, 'error');
    await page.close();
  });

  it('shows a failed first load with a way to try again', async () => {
    const offline = await browser.newContext();
    const page = await offline.newPage();
    await page.route('**/aws-blocks/api', (route) => route.abort('connectionrefused'));
    await page.goto(`${origin}/`);
    await page.locator(tid('authenticator-error', 'authenticator')).waitFor();
    await page.unroute('**/aws-blocks/api');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator(tid('authenticator-action-signIn', 'authenticator')).waitFor();
    assert.equal(await page.locator(tid('authenticator-error', 'authenticator')).count(), 0);
    await offline.close();
  });

  it('labels every input and sets required and autocomplete, in the tabs layout', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.locator(tid('authenticator-action-signUp', 'authenticator')).waitFor({ state: 'attached' });
    const inputs = await page.$$eval('[data-testid="authenticator"] input:not([type=hidden])', (elements) =>
      elements.map((el) => {
        const input = el as HTMLInputElement;
        return {
          action: input.closest('[data-testid^="authenticator-action-"]')?.getAttribute('data-testid'),
          name: input.name,
          label: input.labels?.[0]?.textContent ?? null,
          required: input.required,
          autocomplete: input.getAttribute('autocomplete'),
        };
      }),
    );
    assert.deepEqual(inputs, [
      {
        action: 'authenticator-action-signIn',
        name: 'username',
        label: 'Username',
        required: true,
        autocomplete: 'username',
      },
      {
        action: 'authenticator-action-signIn',
        name: 'password',
        label: 'Password',
        required: true,
        autocomplete: 'current-password',
      },
      {
        action: 'authenticator-action-signUp',
        name: 'username',
        label: 'Username',
        required: true,
        autocomplete: 'username',
      },
      {
        action: 'authenticator-action-signUp',
        name: 'password',
        label: 'Password',
        required: true,
        autocomplete: 'new-password',
      },
      {
        action: 'authenticator-action-signUp',
        name: '',
        label: 'Confirm Password',
        required: true,
        autocomplete: 'new-password',
      },
    ]);
    await page.close();
  });

  it('signs in with the keyboard alone', async () => {
    const keyboardContext = await browser.newContext();
    const page = await keyboardContext.newPage();
    // Opened on 127.0.0.1 (the ready line's host) although the runtime config names localhost: the
    // client calls the page's own origin, so the session cookie is first-party either way.
    await page.goto(`http://127.0.0.1:${sandbox.port}/`);
    await page.locator(tid('authenticator-action-signIn', 'authenticator')).waitFor();
    const focusedId = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        const action = el?.closest('[data-testid^="authenticator-action-"]')?.getAttribute('data-testid');
        return `${action ?? ''}/${el?.getAttribute('data-testid') ?? el?.tagName}`;
      });
    let presses = 0;
    while ((await focusedId()) !== 'authenticator-action-signIn/authenticator-username') {
      assert.ok(presses++ < 10, `the sign-in username is not reachable by Tab (at ${await focusedId()})`);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(), 'authenticator-action-signIn/authenticator-password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    assert.equal(await signedInAs(page), `Signed in as: ${username}`);
    await page.reload();
    assert.equal(await signedInAs(page), `Signed in as: ${username}`, 'the session cookie was stored');
    await keyboardContext.close();
  });

  it('opens the account menu dialog, closes it with Escape, and passes axe in dark mode', async () => {
    const darkContext = await browser.newContext({ colorScheme: 'dark' });
    const page = await darkContext.newPage();
    await page.goto(`${origin}/`);
    await page.click(tid('account-menu-signin'));
    const modal = page.locator(tid('account-menu-modal'));
    await modal.waitFor();
    await page.locator(tid('authenticator-heading', 'account-menu-modal')).waitFor();
    await screenshot(page, '04-account-menu-dialog-dark');
    await assertAccessible(page, 'account menu dialog (dark)');
    await page.keyboard.press('Escape');
    await modal.waitFor({ state: 'detached' });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'account-menu-signin',
    );

    await page.click(tid('account-menu-signin'));
    const form = '[data-testid="account-menu-modal"] [data-testid="authenticator-action-signIn"]';
    await page.fill(`${form} [data-testid="authenticator-username"]`, username);
    await page.fill(`${form} [data-testid="authenticator-password"]`, PASSWORD);
    await page.click(`${form} [data-testid="authenticator-submit"]`);
    await modal.waitFor({ state: 'detached' });
    assert.equal(await page.textContent(tid('account-menu-username')), `👤 ${username}`);
    await screenshot(page, '05-signed-in-dark');
    await assertAccessible(page, 'signedIn (dark)');
    await darkContext.close();
  });
});
