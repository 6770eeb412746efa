import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { pollUntil, type SandboxProcess, startSandbox } from '../support/index.js';
import {
  assertNoViolations,
  buildWebExample,
  launchChromium,
  screenshot,
  skipReason,
  tid,
  uniqueUsername,
  WEB_CODES_APP,
  WEB_PUBLIC,
} from './browser.js';

const PASSWORD = 'correct-horse-42';
const NEW_PASSWORD = 'battery-staple-77';

const inAuthenticator = (id: string) => `[data-testid="authenticator"] [data-testid="${id}"]`;
const field = (action: string, name: string) =>
  `${inAuthenticator(`authenticator-action-${action}`)} [data-testid="authenticator-${name}"]`;
const submit = (action: string) =>
  `${inAuthenticator(`authenticator-action-${action}`)} [data-testid="authenticator-submit"]`;

describe('web example with verification codes in Chromium', { skip: skipReason }, () => {
  let sandbox: SandboxProcess;
  let browser: Browser;
  let page: Page;
  const username = uniqueUsername('grace');

  /** The codes the app delivered to `user` so far (its delivery prints them to the console). */
  const codesFor = (user: string) =>
    [...sandbox.stdout().matchAll(new RegExp(`Verification code for ${user}: (\\d+)`, 'g'))].map(
      (m) => m[1]!,
    );

  async function nextCode(user: string, count: number): Promise<string> {
    const codes = await pollUntil(() => codesFor(user).length >= count && codesFor(user), {
      timeoutMs: 15_000,
      description: `code ${count} for ${user}`,
    });
    return codes[count - 1]!;
  }

  const accessible = (state: string) => assertNoViolations(page, state);

  before(async () => {
    buildWebExample();
    const dataDir = await mkdtemp(join(tmpdir(), 'blockyard-web-codes-'));
    sandbox = await startSandbox({
      appDir: WEB_CODES_APP,
      args: ['--no-watch', '--quiet', '--static', WEB_PUBLIC],
      env: { BLOCKS_DATA_DIR: dataDir },
    });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    await page.goto(`http://localhost:${sandbox.port}/`);
  });
  after(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  /** Opens the Create Account tab of the example's tabs layout and signs up. */
  async function signUp(name: string): Promise<void> {
    await page.getByRole('tab', { name: 'Create Account' }).first().click();
    await page.fill(field('signUp', 'username'), name);
    await page.fill(field('signUp', 'password'), PASSWORD);
    await page.fill(field('signUp', 'confirmPassword'), PASSWORD);
    await page.click(submit('signUp'));
  }

  it('confirms a sign-up with the delivered code (resend is throttled, the form stays)', async () => {
    await signUp(username);
    await page.locator(inAuthenticator('authenticator-action-confirmSignUp')).waitFor();
    assert.equal(await page.inputValue(field('confirmSignUp', 'username')), username, 'username pre-filled');
    assert.equal(await page.getAttribute(field('confirmSignUp', 'code'), 'autocomplete'), 'one-time-code');
    await screenshot(page, '06-confirming-sign-up');
    await accessible('confirmingSignUp');
    const code = await nextCode(username, 1);

    await page.click(submit('resendSignUpCode'));
    await page.locator(inAuthenticator('authenticator-error')).waitFor();
    await page.locator(inAuthenticator('authenticator-action-confirmSignUp')).waitFor();
    await screenshot(page, '07-resend-throttled');
    await accessible('resend throttled');

    assert.equal(await page.title(), 'Confirm your account · Blockyard example');
    await page.fill(field('confirmSignUp', 'code'), code);
    assert.equal(
      await page.locator(field('confirmSignUp', 'password')).count(),
      0,
      'the password is not asked again',
    );
    await page.click(submit('confirmSignUp'));
    await page.locator(inAuthenticator('authenticator-signed-in')).waitFor();
    await page.locator(tid('profile-username')).waitFor();
    assert.equal(await page.textContent(tid('profile-username')), username);
  });

  it('resets a forgotten password with the delivered code and signs in with the new one', async () => {
    await page.click(tid('account-menu-signout'));
    await page.getByRole('link', { name: 'Forgot your password?' }).first().click();
    await page.locator(inAuthenticator('authenticator-action-resetPassword')).waitFor();
    await page.fill(field('resetPassword', 'username'), username);
    await page.click(submit('resetPassword'));
    await page.locator(inAuthenticator('authenticator-action-confirmResetPassword')).waitFor();
    assert.equal(
      await page.getAttribute(field('confirmResetPassword', 'newPassword'), 'autocomplete'),
      'new-password',
    );
    await screenshot(page, '08-confirming-password-reset');
    await accessible('confirmingPasswordReset');
    const code = await nextCode(username, 2);
    await page.fill(field('confirmResetPassword', 'code'), code);
    await page.fill(field('confirmResetPassword', 'newPassword'), NEW_PASSWORD);
    await page.click(submit('confirmResetPassword'));
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="authenticator"] [data-testid="authenticator-signed-in"]') ||
        document.querySelector('[data-testid="authenticator"] [data-testid="authenticator-action-signIn"]'),
    );
    if ((await page.locator(inAuthenticator('authenticator-signed-in')).count()) === 0) {
      await page.fill(field('signIn', 'username'), username);
      await page.fill(field('signIn', 'password'), NEW_PASSWORD);
      await page.click(submit('signIn'));
    }
    await page.locator(inAuthenticator('authenticator-signed-in')).waitFor();
  });

  it('cancels a pending confirmation back to signing in', async () => {
    await page.click(tid('account-menu-signout'));
    await signUp(uniqueUsername('linus'));
    await page.locator(inAuthenticator('authenticator-action-confirmSignUp')).waitFor();
    assert.equal(await page.textContent(submit('signOut')), 'Cancel');
    await page.click(submit('signOut'));
    await page.locator(inAuthenticator('authenticator-action-signIn')).waitFor();
    assert.equal(await page.locator(inAuthenticator('authenticator-action-confirmSignUp')).count(), 0);
  });
});
