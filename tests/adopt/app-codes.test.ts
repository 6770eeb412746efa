/**
 * The codes template, created outside the repository and installed from its vendor/ tarballs:
 * sign-up is confirmed with the code its EmailClient put in the local mailbox (read from the
 * sandbox's dev inbox JSON view), then getProfile and sign-out.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callRpc, pollUntil } from '../support/index.js';
import { profileThenSignOut, sessionCookie } from './flow.js';
import { cleanup, createApp, startAppSandbox } from './support.js';

const PASSWORD = 'correct-horse-42';
const USER = 'carol@example.com';

interface InboxView {
  transports: string[];
  messages: Array<{ to: string[]; subject: string; body: string }>;
}

async function inbox(url: string): Promise<InboxView> {
  const reply = await fetch(url);
  assert.equal(reply.status, 200);
  return (await reply.json()) as InboxView;
}

/** The six-digit code of the newest message to `to`, if one arrived. */
function codeFor(view: InboxView, to: string): string | undefined {
  const message = view.messages.find((m) => m.to.includes(to));
  return message ? /\b(\d{6})\b/.exec(message.body)?.[1] : undefined;
}

describe('an app made by blockyard create --template codes', { timeout: 900_000 }, () => {
  let appDir: string;

  before(async () => {
    ({ appDir } = await createApp('codes-app', 'codes'));
  });
  after(cleanup);

  it('holds the codes backend and depends on the EmailClient under its AWS Blocks name', async () => {
    const backend = await readFile(join(appDir, 'aws-blocks/index.ts'), 'utf8');
    assert.match(backend, /codeDelivery: emailCodeDelivery\(email/);
    assert.doesNotMatch(backend, /console\.log/);
    const manifest = JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8'));
    assert.match(
      manifest.dependencies['@aws-blocks/bb-email-client'],
      /^file:vendor\/blockyard-email-client-/,
    );
    // The SES SDK is an optional peer of the EmailClient: an app that sends through the local mailbox
    // or SMTP carries no AWS SDK.
    assert.equal(manifest.dependencies['@aws-sdk/client-sesv2'], undefined);
    assert.ok(!existsSync(join(appDir, 'node_modules/@aws-sdk')), 'an AWS SDK package was installed');
  });

  it('confirms sign-up with the code from the dev inbox, then getProfile and sign out', async () => {
    const sandbox = await startAppSandbox(appDir);
    try {
      const inboxUrl = new URL('/aws-blocks/dev/inbox?format=json', sandbox.apiUrl).href;
      const signUp = await callRpc(sandbox.apiUrl, 'authApi.setAuthState', [
        { action: 'signUp', username: USER, password: PASSWORD },
      ]);
      assert.equal(signUp.body?.result?.state, 'confirmingSignUp', signUp.text);
      const code = await pollUntil(async () => codeFor(await inbox(inboxUrl), USER), {
        timeoutMs: 10_000,
        intervalMs: 50,
        description: 'the code e-mail in the dev inbox',
      });
      // The code reaches the inbox, never the console.
      assert.ok(!sandbox.output().includes(code), 'the code was printed');
      const confirmed = await callRpc(sandbox.apiUrl, 'authApi.setAuthState', [
        { action: 'confirmSignUp', username: USER, code, password: PASSWORD },
      ]);
      assert.equal(confirmed.body?.result?.state, 'signedIn', confirmed.text);
      const cookie = sessionCookie(confirmed);
      assert.ok(cookie);
      await profileThenSignOut(sandbox.apiUrl, cookie, USER);
    } finally {
      await sandbox.stop();
    }
  });
});
