import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  seriousViolations,
  serveTestPage,
  skipReason,
  type TestSite,
  tid,
  uniqueUsername,
} from './browser.js';

// Two Authenticators customised through every kind of option, and AuthenticatedContent
// with a fallback.
const PAGE = `
import { AuthenticatedContent, Authenticator, onAuthChange } from '@blockyard/auth-common/ui';
import { authApi } from 'aws-blocks';

const root = document.getElementById('root');
const signIn = document.createElement('section');
signIn.id = 'custom';
signIn.append(Authenticator(authApi, {
  hideActions: ['signUp'],
  headings: { signedOut: 'Welcome back' },
  actions: {
    signIn: {
      submitLabel: 'Log in',
      fields: {
        username: { label: 'Login name', hint: 'The name you signed up with', order: 2 },
        password: { order: 1, placeholder: 'Secret' },
      },
    },
  },
}));
const signUp = document.createElement('section');
signUp.id = 'rendered';
signUp.append(Authenticator(authApi, {
  hideActions: ['signIn'],
  actions: {
    signUp: {
      heading: 'Join',
      render(action, { submit }) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Join as ' + window.__joinName;
        button.addEventListener('click', () => submit({ username: window.__joinName, password: 'correct-horse-42' }));
        return button;
      },
    },
  },
}));
const fallback = document.createElement('p');
fallback.textContent = 'nobody';
const content = AuthenticatedContent(authApi, (user) => {
  const p = document.createElement('p');
  p.textContent = 'hello ' + user.username;
  return p;
}, fallback);
const log = document.createElement('ol');
log.id = 'changes';
onAuthChange(authApi, (user) => {
  const li = document.createElement('li');
  li.textContent = user ? user.username : 'null';
  log.append(li);
});
root.append(signIn, signUp, content, log);
`;

describe('Authenticator options in Chromium (R-717)', { skip: skipReason }, () => {
  let site: TestSite;
  let browser: Browser;
  let page: Page;
  const username = uniqueUsername('opt');

  before(async () => {
    site = await serveTestPage(PAGE);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.addInitScript(`window.__joinName = ${JSON.stringify(username)};`);
    await page.goto(site.url);
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('applies headings, hidden actions, labels, hints, order, placeholders and submit labels', async () => {
    const custom = '#custom [data-testid="authenticator"]';
    await page.locator(`${custom} [data-testid="authenticator-action-signIn"]`).waitFor();
    assert.equal(await page.textContent(`${custom} [data-testid="authenticator-heading"]`), 'Welcome back');
    assert.equal(await page.locator(`${custom} [data-testid="authenticator-action-signUp"]`).count(), 0);
    const fields = await page.$$eval(`${custom} input`, (inputs) =>
      inputs.map((el) => {
        const input = el as HTMLInputElement;
        const hintId = input.getAttribute('aria-describedby');
        return {
          name: input.name,
          label: input.labels?.[0]?.textContent,
          placeholder: input.placeholder,
          hint: hintId ? document.getElementById(hintId)?.textContent : undefined,
        };
      }),
    );
    assert.deepEqual(fields, [
      { name: 'password', label: 'Password', placeholder: 'Secret', hint: undefined },
      {
        name: 'username',
        label: 'Login name',
        placeholder: 'Login name',
        hint: 'The name you signed up with',
      },
    ]);
    assert.equal(await page.textContent(`${custom} [data-testid="authenticator-submit"]`), 'Log in');
    assert.equal(await page.textContent(tid('authenticated-content')), 'nobody');
    assert.deepEqual(await seriousViolations(page), []);
  });

  it('performs an action from a custom render through its submit helper, updating every component', async () => {
    const rendered = '#rendered [data-testid="authenticator"]';
    assert.equal(await page.textContent(`${rendered} [data-testid="authenticator-heading"]`), 'Join');
    await page.click(`${rendered} [data-testid="authenticator-action-signUp"] button`);
    await page.locator(`${rendered} [data-testid="authenticator-signed-in"]`).waitFor();
    await page.locator('#custom [data-testid="authenticator-signed-in"]').waitFor();
    assert.equal(await page.textContent(tid('authenticated-content')), `hello ${username}`);
    assert.deepEqual(await page.$$eval('#changes li', (items) => items.map((li) => li.textContent)), [
      'null',
      username,
    ]);
  });
});
