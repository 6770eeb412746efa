import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoViolations, launchChromium, serveTestPage, skipReason } from './browser.js';

// The documented custom properties restyle the Authenticator from any ancestor; unset ones keep the
// theme (light or dark) of the user's colour scheme.
const PAGE = `
import { Authenticator } from '@blockyard/auth-common/ui';
import { authApi } from 'aws-blocks';
document.getElementById('root').append(Authenticator(authApi, { layout: 'tabs' }));
`;
const BODY =
  '<main><h1>Theming</h1><section id="theme"><h2>Account</h2><div id="root"></div></section></main>';
const THEME =
  '--blocks-auth-accent:#6d28d9;--blocks-auth-on-accent:#fff;--blocks-auth-radius:0px;--blocks-auth-font:Georgia,serif';
const BUTTON = '[data-testid="authenticator-action-signIn"] button[type="submit"]';

// Runs in the page: it may use nothing from this module.
const styleOf = (element: Element) => {
  const style = getComputedStyle(element);
  return [style.backgroundColor, style.borderTopLeftRadius, style.fontFamily];
};

describe('Authenticator theming in Chromium', { skip: skipReason }, () => {
  it('applies --blocks-auth-accent, -radius and -font from an ancestor, over either theme', async () => {
    const site = await serveTestPage(PAGE, { body: BODY });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(site.url);
      await page.locator(BUTTON).waitFor();
      const [accent, radius] = await page.$eval(BUTTON, styleOf);
      assert.deepEqual(
        [accent, radius],
        ['rgb(4, 125, 149)', '6px'],
        'the light accent; controls use ¾ of 8px',
      );

      await page.$eval('#theme', (section, theme) => section.setAttribute('style', theme), THEME);
      assert.deepEqual(await page.$eval(BUTTON, styleOf), ['rgb(109, 40, 217)', '0px', 'Georgia, serif']);
      await assertNoViolations(page, 'a themed Authenticator');

      await page.emulateMedia({ colorScheme: 'dark' });
      assert.equal((await page.$eval(BUTTON, styleOf))[0], 'rgb(109, 40, 217)', 'a set property wins');
      await page.$eval('#theme', (section) => section.removeAttribute('style'));
      assert.equal((await page.$eval(BUTTON, styleOf))[0], 'rgb(95, 199, 218)', 'the dark accent');
      await assertNoViolations(page, 'the dark theme');
    } finally {
      await browser.close();
      await site.stop();
    }
  });
});
