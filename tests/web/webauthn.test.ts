import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { createTempApp, fixtureFiles, REPO_ROOT, type TempApp } from '../support/index.js';
import {
  assertNoViolations,
  launchChromium,
  screenshot,
  serveTestPage,
  skipReason,
  type TestSite,
} from './browser.js';

// The Authenticator on the passkey test block's API: its actions carry `capability` and the WebAuthn
// options; Chromium answers through a CDP virtual authenticator (a real navigator.credentials).
const PAGE = `
import { ApiNamespaceClient } from '@aws-blocks/blocks/client';
import { Authenticator } from '@blockyard/auth-common/ui';

const passkeyApi = ApiNamespaceClient('passkeyApi');
window.passkeyApi = passkeyApi;
const layout = new URLSearchParams(location.search).get('layout') ?? 'default';
document.getElementById('root').append(Authenticator(passkeyApi, { layout }));
`;
const BODY = '<main><h1>Passkeys</h1><section><h2>Account</h2><div id="root"></div></section></main>';

const inForm = (action: string, id: string) =>
  `[data-testid="authenticator-action-${action}"] [data-testid="${id}"]`;

interface Received {
  action: string;
  credential?: string;
}

describe('WebAuthn capability step in Chromium (R-714)', { skip: skipReason }, () => {
  let app: TempApp;
  let site: TestSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;

  /** Signs in with the stored passkey (navigator.credentials.get) and returns the assertion sent. */
  async function signInWithPasskey() {
    await page.click(inForm('confirmSignIn', 'authenticator-submit'));
    await page.locator('[data-testid="authenticator-signed-in"]').waitFor();
    const assertion = JSON.parse((await received()).at(-1)?.credential ?? '{}');
    assert.deepEqual(Object.keys(assertion.response).sort(), [
      'authenticatorData',
      'clientDataJSON',
      'signature',
      'userHandle',
    ]);
    return assertion;
  }

  const received = () =>
    page.evaluate(() =>
      (window as unknown as { passkeyApi: { received(): Promise<Received[]> } }).passkeyApi.received(),
    );

  before(async () => {
    app = await createTempApp(fixtureFiles(join(REPO_ROOT, 'tests/web/passkey-app')), 'passkey');
    site = await serveTestPage(PAGE, { appDir: app.appDir, body: BODY });
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = (await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    })) as { authenticatorId: string });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await site?.stop();
    await app?.remove();
  });

  it('creates a passkey with navigator.credentials.create, then signs in with navigator.credentials.get', async () => {
    await page.goto(site.url);
    const options = page.locator(
      inForm('completePasskeyRegistration', 'authenticator-credentialCreationOptions'),
    );
    assert.equal(
      await options.getAttribute('type'),
      'hidden',
      'the options travel in a hidden input (R-713)',
    );
    const external = page.locator('form[data-testid="authenticator-action-signInWithProvider"]');
    assert.deepEqual(
      [await external.getAttribute('method'), await external.getAttribute('action')],
      ['POST', '/oauth/start'],
    );
    const provider = external.locator('input[type="hidden"][data-testid="authenticator-provider"]');
    assert.equal(
      await provider.inputValue(),
      'example-id',
      'an external form’s hidden input has its test id',
    );
    await assertNoViolations(page, 'passkey registration');

    // The tabs layout keeps the actions that are not tabs reachable under them.
    const tabbed = await context.newPage();
    await tabbed.goto(`${site.url}?layout=tabs`);
    await tabbed.locator('[role="tab"]').first().waitFor();
    assert.deepEqual(await tabbed.locator('[role="tab"]').allTextContents(), ['Sign In']);
    for (const name of ['completePasskeyRegistration', 'signInWithProvider']) {
      assert.equal(await tabbed.isVisible(`[data-testid="authenticator-action-${name}"]`), true, name);
    }
    await assertNoViolations(tabbed, 'tabs with a passkey and an external action');
    await screenshot(tabbed, 'passkey-tabs');
    await tabbed.close();
    await page.click(inForm('completePasskeyRegistration', 'authenticator-submit'));

    await page.locator('[data-testid="authenticator-action-confirmSignIn"]').waitFor();
    assert.equal(await page.locator('[data-testid="authenticator-error"]').count(), 0);
    const { credentials } = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })) as {
      credentials: { credentialId: string }[];
    };
    assert.equal(credentials.length, 1, 'the virtual authenticator holds the new passkey');
    const registration = (await received()).find((r) => r.action === 'completePasskeyRegistration');
    const created = JSON.parse(registration?.credential ?? '{}');
    assert.equal(typeof created.response.attestationObject, 'string', 'binary values are base64url strings');
    assert.equal(
      Buffer.from(created.rawId, 'base64url').toString('base64'),
      credentials[0]!.credentialId,
      'the credential the browser created is the one sent',
    );

    const assertion = await signInWithPasskey();
    assert.equal(assertion.id, created.id);
  });

  it('shows a clear error inside the form, and sends nothing, when the browser refuses', async () => {
    await page.click(inForm('signOut', 'authenticator-submit'));
    await page.locator('[data-testid="authenticator-action-confirmSignIn"]').waitFor();
    const before = (await received()).length;
    // The block's relying party is `localhost`: a page on 127.0.0.1 may not use its passkeys, and
    // the browser refuses the ceremony (SecurityError).
    const other = await context.newPage();
    await other.goto(site.url.replace('localhost', '127.0.0.1'));
    await other.click(inForm('confirmSignIn', 'authenticator-submit'));
    const error = other.locator(inForm('confirmSignIn', 'authenticator-error'));
    await error.waitFor();
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.match((await error.textContent()) ?? '', /passkey/i);
    assert.equal((await received()).length, before, 'no setAuthState without a credential');
    await assertNoViolations(other, 'passkey refused');
    await other.close();
  });

  it('encodes the credential itself where the browser has no PublicKeyCredential.toJSON', async () => {
    await page.evaluate(() => {
      (PublicKeyCredential.prototype as { toJSON?: unknown }).toJSON = undefined;
    });
    const assertion = await signInWithPasskey();
    assert.match(assertion.rawId, /^[A-Za-z0-9_-]+$/, 'base64url without padding');
    assert.equal(assertion.type, 'public-key');
  });
});
