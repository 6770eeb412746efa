// The SMTP relay down for two minutes while users sign up, on a production server (`blockyard start`):
// no sign-up fails (the code waits in the outbox, D-15), every code is delivered once after the relay
// returns, and none appears in the server's output. The block's clock is moved instead of waiting:
// the outbox schedules its retries on it, and its sweeper (every 2 s) runs what is due.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type SmtpPeer, startSmtpPeer, writeSmtpCa } from '../email/smtp-peer.js';
import {
  createTempApp,
  freePort,
  pollUntil,
  RpcClient,
  type SandboxProcess,
  startSandbox,
  type TempApp,
} from '../support/index.js';

const PASSWORD = 'correct-horse-42';
const USERS = 6;

const BACKEND = `
import { AuthBasic } from '@aws-blocks/bb-auth-basic';
import { EmailClient, emailCodeDelivery } from '@aws-blocks/bb-email-client';
import { ApiNamespace, Scope } from '@aws-blocks/blocks';

const scope = new Scope('faults-smtp');
let offsetMs = 0;
const email = new EmailClient(scope, 'email', { fromAddress: 'App <no-reply@example.com>' });
const auth = new AuthBasic(scope, 'auth', {
  clock: () => Date.now() + offsetMs,
  passwordPolicy: { minLength: 8, requireDigits: true },
  codeDelivery: emailCodeDelivery(email, { appName: 'App' }),
});
export const authApi = auth.createApi();
export const testApi = new ApiNamespace(scope, 'testApi', () => ({
  async advanceClock(seconds: number) {
    offsetMs += seconds * 1000;
    return offsetMs;
  },
  async deliverPendingCodes() {
    return auth.deliverPendingCodes();
  },
}));
`;

describe('the SMTP relay down for two minutes during sign-ups', () => {
  let app: TempApp;
  let server: SandboxProcess;
  let peer: SmtpPeer | undefined;
  let port: number;
  let client: RpcClient;
  before(async () => {
    app = await createTempApp({ 'aws-blocks/index.ts': BACKEND }, 'faults-smtp');
    port = await freePort();
    const caFile = await writeSmtpCa(app.dataDir);
    server = await startSandbox({
      appDir: app.appDir,
      command: 'start',
      env: {
        BLOCKS_DATA_DIR: app.dataDir,
        BLOCKS_EMAIL_URL: `smtp://mailer:secret-pass@127.0.0.1:${port}?timeout=2000&ca=${encodeURIComponent(caFile)}`,
      },
    });
    client = new RpcClient(server.apiUrl);
  });
  after(async () => {
    await server?.stop();
    await peer?.close();
    await app?.remove();
  });

  const failures = () =>
    server
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"codeDeliveryFailed"')).length;

  /** Moves the block's clock and waits until the sweeper tried every waiting code once more. */
  async function advance(seconds: number, expectFailures?: number): Promise<void> {
    await client.call('testApi.advanceClock', seconds);
    if (expectFailures !== undefined) {
      await pollUntil(() => failures() >= expectFailures, {
        timeoutMs: 15_000,
        description: `${expectFailures} failed deliveries`,
      });
    }
  }

  it('fails no sign-up, then delivers every code once, none in the logs', async () => {
    const usernames = Array.from({ length: USERS }, (_, i) => `user${i}-${Date.now()}@example.com`);
    for (const username of usernames) {
      const reply = await client.call('authApi.setAuthState', {
        action: 'signUp',
        username,
        password: PASSWORD,
      });
      const state = (reply.body as { result: { state: string; errorName?: string } }).result;
      assert.equal(state.errorName, undefined, 'the sign-up does not fail');
      assert.equal(state.state, 'confirmingSignUp');
    }
    // First attempts fail at once; retries come after 1, 2, 4 … 64 s of the block's clock.
    let expected = USERS;
    await pollUntil(() => failures() >= expected, { timeoutMs: 15_000, description: 'first attempts' });
    let elapsed = 0;
    for (const wait of [1, 2, 4, 8, 16, 32]) {
      elapsed += wait;
      expected += USERS;
      await advance(wait + 0.5, expected);
    }
    assert.ok(elapsed < 120);
    peer = await startSmtpPeer(app.dataDir, { port, user: 'mailer', password: 'secret-pass' });
    // Two minutes after the sign-ups the relay is back; the next retry is due at about 127 s.
    await advance(120 - elapsed);
    await advance(8);
    const mailsTo = (username: string) =>
      peer?.received.filter((m) => m.envelope.to.includes(username)) ?? [];
    await pollUntil(() => usernames.every((u) => mailsTo(u).length > 0), {
      timeoutMs: 20_000,
      description: 'every code delivered',
    });
    // A further sweep, well after every retry would be due, finds nothing to deliver again.
    await advance(300);
    const swept = await client.call('testApi.deliverPendingCodes');
    assert.equal((swept.body as { result: number }).result, 0, 'no code is left in the outbox');
    const output = `${server.stdout()}\n${server.stderr()}`;
    for (const username of usernames) {
      const mails = mailsTo(username);
      assert.equal(mails.length, 1, `${username} got one mail`);
      const code = /\b(\d{6})\b/.exec(mails[0]?.parsed.text ?? '')?.[1];
      assert.ok(code, 'the mail carries a code');
      assert.ok(!output.includes(code), 'the code is not in the server output');
      const confirmed = await client.call('authApi.setAuthState', {
        action: 'confirmSignUp',
        username,
        code,
        password: PASSWORD,
      });
      assert.equal((confirmed.body as { result: { state: string } }).result.state, 'signedIn');
    }
    assert.ok(!output.includes('secret-pass'), 'the relay password is not in the output');
  });
});
