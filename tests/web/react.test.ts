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

// A React page using both bindings: the hook shows who is signed in, the component shows the form
// while signed out and its render-prop children once signed in.
const PAGE = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Authenticator, useAuthState } from '@blockyard/auth-common/react';
import { authApi } from 'aws-blocks';

function Status() {
  const { user, loading } = useAuthState(authApi);
  return h('p', { 'data-testid': 'react-status' }, loading ? 'loading' : user ? 'user:' + user.username : 'signed-out');
}
function App() {
  return h('div', null,
    h('h1', null, 'React'),
    h(Status),
    h(Authenticator, { api: authApi, layout: new URLSearchParams(location.search).get('layout') ?? undefined }, ({ user, signOut }) =>
      h('button', { type: 'button', 'data-testid': 'react-signout', onClick: () => signOut() }, 'Sign out ' + user.username)),
  );
}
createRoot(document.getElementById('root')).render(h(App));
`;

describe('React bindings in Chromium', { skip: skipReason }, () => {
  let site: TestSite;
  let browser: Browser;
  let page: Page;

  before(async () => {
    site = await serveTestPage(PAGE);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(site.url);
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
  });
  it('mounts the Authenticator, follows the state with useAuthState, and renders children once signed in', async () => {
    const status = page.locator(tid('react-status'));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="react-status"]')?.textContent === 'signed-out',
    );
    const username = uniqueUsername('react');
    const form = '[data-testid="authenticator-action-signUp"]';
    await page.fill(`${form} [data-testid="authenticator-username"]`, username);
    await page.fill(`${form} [data-testid="authenticator-password"]`, 'correct-horse-42');
    await page.click(`${form} [data-testid="authenticator-submit"]`);
    await page.locator(tid('react-signout')).waitFor();
    assert.equal(await status.textContent(), `user:${username}`);
    assert.equal(await page.locator(tid('authenticator')).count(), 0, 'children replace the form');
    assert.deepEqual(await seriousViolations(page), []);

    await page.click(tid('react-signout'));
    await page.locator(tid('authenticator')).waitFor();
    assert.equal(await status.textContent(), 'signed-out');
  });

  it('draws the tabs layout with the layout prop', async () => {
    await page.goto(`${site.url}?layout=tabs`);
    const tabs = page.locator('[data-testid="authenticator"] [role="tablist"] [role="tab"]');
    await tabs.first().waitFor();
    assert.deepEqual(await tabs.allTextContents(), ['Sign In', 'Create Account']);
    assert.deepEqual(await seriousViolations(page), []);
  });
});
