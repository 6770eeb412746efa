import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchChromium, serveTestPage, skipReason, uniqueUsername } from './browser.js';

// An end-to-end test as apps wrote them against the reference's Authenticator, kept word for word:
// the default layout must keep passing it (D-24).
const PAGE = `
import { Authenticator } from '@aws-blocks/blocks/ui';
import { authApi } from 'aws-blocks';
document.getElementById('root').append(Authenticator(authApi));
`;

describe('a reference-era end-to-end test on the default layout', { skip: skipReason }, () => {
  it('signs up through authenticator-action-signUp and shows the signed-in view', async () => {
    const site = await serveTestPage(PAGE);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const username = uniqueUsername('ref');
      await page.goto(site.url);
      const signUp = page.getByTestId('authenticator-action-signUp');
      await signUp.getByTestId('authenticator-username').fill(username);
      await signUp.getByTestId('authenticator-password').fill('correct-horse-42');
      await signUp.getByTestId('authenticator-submit').click();
      await page.getByTestId('authenticator-signed-in').waitFor();
      assert.equal(
        await page.getByTestId('authenticator-signed-in').textContent(),
        `Signed in as: ${username}`,
      );
    } finally {
      await browser.close();
      await site.stop();
    }
  });
});
