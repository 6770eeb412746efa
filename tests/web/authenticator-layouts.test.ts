import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pollUntil } from '../support/index.js';
import {
  assertNoViolations,
  launchChromium,
  matchBaseline,
  serveTestPage,
  skipReason,
  type TestSite,
  WEB_CODES_APP,
} from './browser.js';
import { axNodeOf, focused, onField, onSubmit, tabTo, typeInto } from './keyboard.js';

// Both layouts over the codes backend (code-confirmed sign-up and password reset; 8 characters and a
// digit), driven with the keyboard alone. Every state is checked with axe (any impact), through the
// accessibility tree, and against the reviewed screenshots at 1280 and 320 px.
const PAGE = `
import { AccountMenuBar, Authenticator } from '@blockyard/auth-common/ui';
import { authApi } from 'aws-blocks';

const layout = new URLSearchParams(location.search).get('layout') ?? 'default';
document.getElementById('account').append(AccountMenuBar(authApi, { layout }));
document.getElementById('root').append(Authenticator(authApi, { layout }));
`;
const BODY =
  '<style>body{margin:0;font-family:system-ui,sans-serif;background:#f3f5f7;color:#0d1a26}' +
  'header{display:flex;justify-content:space-between;align-items:center;padding:.75rem 1rem;background:#fff;border-bottom:1px solid #dde2e6}' +
  'main{max-width:30rem;margin:0 auto;padding:1.5rem 1rem}h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.125rem;margin:0 0 1rem}' +
  '@media (prefers-color-scheme:dark){body{background:#0f1419;color:#eef1f4}header{background:#1b2128;border-color:#333c46}}</style>' +
  '<header><span>Test app</span><nav id="account" aria-label="Account"></nav></header>' +
  '<main><h1>Test app</h1><section aria-labelledby="account-title"><h2 id="account-title">Your account</h2>' +
  '<div id="root"></div></section></main>';

const PASSWORD = 'correct-horse-42';
const NEW_PASSWORD = 'battery-staple-77';
const POLICY = 'At least 8 characters, with a digit. Not a common password or your username.';

const inCard = (id: string) => `[data-testid="authenticator"] [data-testid="${id}"]`;
const action = (name: string) => inCard(`authenticator-action-${name}`);

for (const layout of ['default', 'tabs'] as const) {
  describe(`Authenticator, ${layout} layout, in Chromium`, { skip: skipReason }, () => {
    let site: TestSite;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const username = `ada${layout}`;
    const apiCalls: string[] = [];

    /** The codes delivered to `user` so far (the codes backend prints them). */
    const codesFor = (user: string) =>
      [...site.sandbox.stdout().matchAll(new RegExp(`Verification code for ${user}: (\\d+)`, 'g'))].map(
        (m) => m[1]!,
      );
    const nextCode = (user: string, count: number) =>
      pollUntil(() => codesFor(user).length >= count && codesFor(user)[count - 1], {
        timeoutMs: 15_000,
        description: `code ${count} for ${user}`,
      });

    /** Screenshots at 1280 and 320 px, compared with the baselines, and axe on the state. */
    async function checkState(state: string, fullPage = true): Promise<void> {
      await assertNoViolations(page, `${layout}: ${state}`);
      await matchBaseline(page, `${layout}-${state}-1280`, fullPage);
      await page.setViewportSize({ width: 320, height: 640 });
      try {
        assert.ok(
          await page.evaluate(() => document.documentElement.scrollWidth <= 320),
          `${state}: nothing overflows a 320 px wide screen`,
        );
        await matchBaseline(page, `${layout}-${state}-320`, fullPage);
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    }

    /** Presses Enter to submit and waits for the answer to be drawn. */
    async function submitWithEnter(): Promise<void> {
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => !document.querySelector('[data-testid="authenticator"][aria-busy]'));
    }

    const errorsIn = (name: string) =>
      page.locator(`${action(name)} [data-testid="authenticator-error"]`).count();
    const errorCount = () => page.locator(inCard('authenticator-error')).count();

    /** Opens the Create Account form with the keyboard (the tab in the tabs layout). */
    async function openSignUp(): Promise<void> {
      if (layout === 'default') {
        await tabTo(page, onField('signUp', 'username'), 'the sign-up username');
        return;
      }
      await tabTo(page, (f) => f.role === 'tab', 'the tab list', 'Shift+Tab');
      if ((await focused(page)).text !== 'Create Account') await page.keyboard.press('ArrowRight');
      assert.equal((await focused(page)).text, 'Create Account');
      await tabTo(page, onField('signUp', 'username'), 'the sign-up username');
    }

    before(async () => {
      site = await serveTestPage(PAGE, { appDir: WEB_CODES_APP, body: BODY });
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
      page = await context.newPage();
      page.on('request', (request) => {
        if (request.url().includes('/aws-blocks/api')) apiCalls.push(request.postData() ?? '');
      });
      await page.goto(`${site.url}?layout=${layout}`);
      await page.locator(action('signIn')).waitFor();
    });
    after(async () => {
      await context?.close();
      await browser?.close();
      await site?.stop();
    });

    it('names every form, describes the password policy, and toggles the password', async () => {
      if (layout === 'default') {
        for (const [name, label] of [
          ['signIn', 'Sign In'],
          ['signUp', 'Create Account'],
          ['resetPassword', 'Forgot Password'],
        ] as const) {
          const form = await axNodeOf(page, `${action(name)} form`);
          assert.deepEqual(
            [form.role, form.name],
            ['form', label],
            `the ${name} form is named by its heading`,
          );
          assert.equal(await page.locator(`${action(name)} h4`).textContent(), label);
        }
      } else {
        const tabs = await page
          .locator(`${inCard('authenticator-heading')} ~ [role="tablist"] [role="tab"]`)
          .all();
        assert.deepEqual(await Promise.all(tabs.map((tab) => tab.textContent())), [
          'Sign In',
          'Create Account',
        ]);
        const selected = await axNodeOf(page, '[role="tab"][aria-selected="true"]');
        assert.deepEqual(
          [selected.role, selected.name, selected.properties.selected],
          ['tab', 'Sign In', true],
        );
        const form = await axNodeOf(page, `${action('signIn')} form`);
        assert.deepEqual([form.role, form.name], ['form', 'Sign In'], 'the panel form is named by its tab');
        await tabTo(page, (f) => f.role === 'tab', 'the tab list');
        await page.keyboard.press('End');
        assert.equal((await focused(page)).text, 'Create Account', 'End selects the last tab');
        assert.equal(await page.isVisible(action('signUp')), true);
        await page.keyboard.press('Home');
        assert.equal((await focused(page)).text, 'Sign In', 'Home selects the first tab');
        assert.equal(await page.isVisible(action('signUp')), false);
        assert.equal(
          await page.locator(action('resetPassword')).count(),
          0,
          'the reset form is its own view',
        );
      }
      const hint = await page.$eval(
        `${action('signUp')} input[name="password"]`,
        (input) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent,
      );
      assert.equal(hint, POLICY, 'the sign-up password describes the policy');
      const signInPassword = await axNodeOf(page, `${action('signIn')} input[name="password"]`);
      assert.equal(signInPassword.description, '', 'signing in shows no policy');

      await tabTo(page, onField('signIn', 'password'), 'the sign-in password');
      await page.keyboard.type('visible-42');
      await page.keyboard.press('Tab');
      const toggle = await axNodeOf(page, `${action('signIn')} .blocks-auth-reveal`);
      assert.deepEqual(
        [toggle.role, toggle.name, toggle.properties.pressed],
        ['button', 'Show password', 'false'],
      );
      assert.equal((await focused(page)).label, 'Show password');
      await page.keyboard.press('Space');
      assert.equal(await page.getAttribute(`${action('signIn')} input[name="password"]`, 'type'), 'text');
      assert.equal(
        (await axNodeOf(page, `${action('signIn')} .blocks-auth-reveal`)).properties.pressed,
        'true',
      );
      await page.keyboard.press('Space');
      assert.equal(await page.getAttribute(`${action('signIn')} input[name="password"]`, 'type'), 'password');
      await page.keyboard.press('Shift+Tab');
      await typeInto(page, '');
      await page.keyboard.press('Shift+Tab');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await checkState('signed-out');
    });

    it('shows a wrong password inside the sign-in form, announces it, and clears it when another form opens', async () => {
      await tabTo(page, onField('signIn', 'username'), 'the sign-in username');
      await typeInto(page, 'nobody42');
      await page.keyboard.press('Tab');
      await page.keyboard.type('wrong-password-1');
      await submitWithEnter();
      await page.locator(`${action('signIn')} [data-testid="authenticator-error"]`).waitFor();
      assert.equal(await errorCount(), 1, 'one error, in the form whose action failed');
      const alert = await axNodeOf(page, `${action('signIn')} [data-testid="authenticator-error"]`);
      assert.deepEqual([alert.role, alert.properties.live], ['alert', 'assertive']);
      const form = await axNodeOf(page, `${action('signIn')} form`);
      assert.ok(form.description.length > 0, 'the form is described by its error');
      assert.deepEqual(await focused(page), {
        ...(await focused(page)),
        action: 'signIn',
        testid: 'authenticator-password',
      });
      assert.equal(await page.inputValue(`${action('signIn')} input[name="username"]`), 'nobody42');
      await checkState('sign-in-error');

      await openSignUp();
      assert.equal(await errorCount(), 0, 'opening another form puts the error away');
    });

    if (layout === 'tabs') {
      it('compares the two passwords of a sign-up in the browser, before any request', async () => {
        await tabTo(page, onField('signUp', 'username'), 'the sign-up username');
        await typeInto(page, username);
        await tabTo(page, onField('signUp', 'password'), 'the sign-up password');
        await page.keyboard.type(PASSWORD);
        await tabTo(page, onField('signUp', 'confirmPassword'), 'the confirm password field');
        await page.keyboard.type('battery-staple-99');
        const before = apiCalls.length;
        await submitWithEnter();
        await page.locator(`${action('signUp')} [data-testid="authenticator-error"]`).waitFor();
        assert.equal(apiCalls.length, before, 'no request was sent');
        assert.deepEqual(
          [
            (await focused(page)).testid,
            (await axNodeOf(page, '[data-testid="authenticator-confirmPassword"]')).properties.invalid,
          ],
          ['authenticator-confirmPassword', 'true'],
        );
      });
    }

    it('shows a password the policy refuses inside the sign-up form, focus on the password', async () => {
      await tabTo(page, onField('signUp', 'username'), 'the sign-up username', 'Shift+Tab');
      await typeInto(page, username);
      await page.keyboard.press('Tab');
      await typeInto(page, 'letters-only');
      if (layout === 'tabs') {
        await tabTo(page, onField('signUp', 'confirmPassword'), 'the confirm password field');
        await typeInto(page, 'letters-only');
      }
      await submitWithEnter();
      await page.locator(`${action('signUp')} [data-testid="authenticator-error"]`).waitFor();
      assert.equal(await errorsIn('signUp'), 1);
      assert.equal(await errorCount(), 1, 'not shown above the sign-in form');
      assert.deepEqual(
        [(await focused(page)).action, (await focused(page)).testid],
        ['signUp', 'authenticator-password'],
      );
      await checkState('sign-up-error');
    });

    it('confirms the sign-up with the code alone: focus on the code, the password carried over', async () => {
      await typeInto(page, PASSWORD);
      if (layout === 'tabs') {
        await tabTo(page, onField('signUp', 'confirmPassword'), 'the confirm password field');
        await typeInto(page, PASSWORD);
      }
      await submitWithEnter();
      await page.locator(action('confirmSignUp')).waitFor();
      assert.deepEqual(
        [(await focused(page)).action, (await focused(page)).testid],
        ['confirmSignUp', 'authenticator-code'],
        'focus on the code field',
      );
      const hidden = page.locator(
        `${action('resendSignUpCode')} input[type="hidden"][data-testid="authenticator-username"]`,
      );
      assert.equal(await hidden.inputValue(), username, 'the hidden input carries its test id (R-713)');
      const passwordFields = page.locator(`${action('confirmSignUp')} input[name="password"]`);
      if (layout === 'default') {
        assert.equal(await passwordFields.inputValue(), PASSWORD, 'pre-filled from the sign-up');
      } else {
        assert.equal(await passwordFields.count(), 0, 'not asked again');
      }
      await checkState('confirming-sign-up');

      await page.keyboard.type('000000');
      await submitWithEnter();
      await page.locator(`${action('confirmSignUp')} [data-testid="authenticator-error"]`).waitFor();
      assert.equal(await errorCount(), 1, 'a wrong code is shown in the code form only');
      assert.deepEqual(
        [(await focused(page)).action, (await focused(page)).testid],
        ['confirmSignUp', 'authenticator-code'],
        'focus back on the (emptied) code field',
      );
      await checkState('code-error');

      await page.keyboard.type(await nextCode(username, 1));
      await submitWithEnter();
      await page.locator(inCard('authenticator-signed-in')).waitFor();
      assert.equal((await focused(page)).testid, 'authenticator-signed-in', 'focus on the signed-in heading');
      const heading = await axNodeOf(page, inCard('authenticator-signed-in'));
      assert.deepEqual([heading.role, heading.name], ['heading', `Signed in as: ${username}`]);
      await checkState('signed-in');
    });

    it('signs out, and the account dialog opens without the page form’s error', async () => {
      await tabTo(page, onSubmit('signOut'), 'Sign Out');
      await submitWithEnter();
      await page.locator(action('signIn')).waitFor();
      await tabTo(page, onField('signIn', 'username'), 'the sign-in username');
      await typeInto(page, username);
      await page.keyboard.press('Tab');
      await page.keyboard.type('wrong-password-1');
      await submitWithEnter();
      await page.locator(inCard('authenticator-error')).waitFor();

      await tabTo(page, (f) => f.testid === 'account-menu-signin', 'the account menu', 'Shift+Tab');
      await submitWithEnter();
      const dialog = page.locator('[data-testid="account-menu-modal"] [role="dialog"]');
      await dialog.waitFor();
      assert.equal((await focused(page)).inDialog, true, 'focus moves into the dialog');
      assert.equal(
        await page.locator('[data-testid="account-menu-modal"] [data-testid="authenticator-error"]').count(),
        0,
        'the dialog starts without the error',
      );
      const named = await axNodeOf(page, '[data-testid="account-menu-modal"] [role="dialog"]');
      assert.deepEqual([named.role, named.name, named.properties.modal], ['dialog', 'Sign in', true]);
      await checkState('dialog', false);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal((await focused(page)).testid, 'account-menu-signin', 'focus returns to the menu');
    });

    it('resets a forgotten password from the “Forgot your password?” link', async () => {
      await tabTo(page, (f) => f.tag === 'a' && f.text === 'Forgot your password?', 'the forgot link');
      const link = await axNodeOf(page, `${action('signIn')} a`);
      assert.deepEqual([link.role, link.name], ['link', 'Forgot your password?']);
      await submitWithEnter();
      assert.deepEqual(
        [(await focused(page)).action, (await focused(page)).testid],
        ['resetPassword', 'authenticator-username'],
        'the reset form opens with focus on its field',
      );
      assert.equal(await page.inputValue(`${action('resetPassword')} input[name="username"]`), username);
      if (layout === 'tabs') {
        assert.equal(await page.locator(action('signIn')).count(), 0, 'the reset flow is its own view');
        assert.equal(
          await page.getByRole('button', { name: 'Back to Sign In' }).count(),
          1,
          'with a way back',
        );
        await checkState('reset');
      }
      await submitWithEnter();
      await page.locator(action('confirmResetPassword')).waitFor();
      assert.deepEqual(
        [(await focused(page)).action, (await focused(page)).testid],
        ['confirmResetPassword', 'authenticator-code'],
      );
      const newPassword = await axNodeOf(page, `${action('confirmResetPassword')} input[name="newPassword"]`);
      assert.equal(newPassword.description, POLICY);
      await checkState('confirming-reset');

      await page.keyboard.type(await nextCode(username, 2));
      await tabTo(page, onField('confirmResetPassword', 'newPassword'), 'the new password');
      await page.keyboard.type(NEW_PASSWORD);
      await submitWithEnter();
      await page.locator(action('signIn')).waitFor();
      await tabTo(page, onField('signIn', 'username'), 'the sign-in username');
      await typeInto(page, username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(NEW_PASSWORD);
      await submitWithEnter();
      await page.locator(inCard('authenticator-signed-in')).waitFor();
    });

    it('passes axe in the dark theme', async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await tabTo(page, onSubmit('signOut'), 'Sign Out');
      await submitWithEnter();
      await page.locator(action('signIn')).waitFor();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await checkState('signed-out-dark');
      await page.emulateMedia({ colorScheme: 'light' });
    });
  });
}
