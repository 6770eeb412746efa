// examples/auth-basic-codes sending its codes over SMTP to a real server on loopback: a server that is
// down when the user signs up, and one that cuts the connection in the middle of DATA, delay the code
// but lose none, and deliver it once. With AuthBasic's durable outbox (ARCHITECTURE D-15) the
// sign-up answers at once and the outbox retries; with delivery inside the request the sign-up
// answers the retriable failure and the user's retry delivers. Both paths are accepted here; the
// outcome asserted is the same: one mail, whose code confirms the account.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  callRpc,
  freePort,
  pollUntil,
  REPO_ROOT,
  type SandboxProcess,
  startSandbox,
} from '../support/index.js';
import { type SmtpPeer, startSmtpPeer, writeSmtpCa } from './smtp-peer.js';

const APP = join(REPO_ROOT, 'examples/auth-basic-codes');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PASSWORD = 'correct-horse-42';

describe('codes over SMTP (examples/auth-basic-codes)', () => {
  let dir: string;
  let port: number;
  let sandbox: SandboxProcess;
  let peer: SmtpPeer | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blockyard-codes-smtp-'));
    port = await freePort();
    const caFile = await writeSmtpCa(dir);
    sandbox = await startSandbox({
      appDir: APP,
      env: {
        BLOCKS_DATA_DIR: join(dir, 'data'),
        BLOCKS_EMAIL_URL: `smtp://mailer:${encodeURIComponent('p@ss:w0rd/!')}@127.0.0.1:${port}?timeout=2000&ca=${encodeURIComponent(caFile)}`,
      },
    });
  });
  after(async () => {
    await sandbox?.stop();
    await peer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function signUp(username: string) {
    const reply = await callRpc(sandbox.apiUrl, 'authApi.setAuthState', [
      { action: 'signUp', username, password: PASSWORD },
    ]);
    return reply.body.result as { state: string; errorName?: string; retriable?: boolean };
  }

  /** Inline delivery answers the failure (the user then tries again); the outbox answers at once. */
  function expectDelayed(state: { state: string; errorName?: string; retriable?: boolean }): boolean {
    if (state.errorName === undefined) {
      assert.equal(state.state, 'confirmingSignUp');
      return false;
    }
    assert.equal(state.errorName, 'EmailSendFailedException');
    assert.equal(state.retriable, true);
    return true;
  }

  async function theOneCode(username: string): Promise<string> {
    const mails = () => peer!.received.filter((m) => m.envelope.to.includes(username));
    await pollUntil(() => mails().length > 0, { timeoutMs: 20_000, description: `a mail to ${username}` });
    // The outbox reports codeSent once it has dropped the item: no attempt for it can follow.
    await sandbox.waitForOutput(
      new RegExp(`"type":"codeSent".*"username":"${escapeRegExp(username)}"`),
      20_000,
    );
    assert.equal(mails().length, 1, 'the code is delivered once');
    const code = /\b(\d{6})\b/.exec(mails()[0]?.parsed.text ?? '')?.[1];
    assert.ok(code, 'the mail carries a six-digit code');
    return code;
  }

  async function confirm(username: string, code: string): Promise<void> {
    const confirmed = await callRpc(sandbox.apiUrl, 'authApi.setAuthState', [
      { action: 'confirmSignUp', username, code, password: PASSWORD },
    ]);
    assert.equal(confirmed.body.result.state, 'signedIn');
  }

  it('a server that is down delays the code; once it is up the code arrives and confirms', async () => {
    const username = `ada-${randomBytes(4).toString('hex')}@example.com`;
    const inline = expectDelayed(await signUp(username));
    peer = await startSmtpPeer(dir, { port });
    if (inline) assert.equal((await signUp(username)).state, 'confirmingSignUp');
    await confirm(username, await theOneCode(username));
  });

  it('a connection cut in the middle of DATA is retried and the code delivered once', async () => {
    assert.ok(peer, 'the previous test started the server');
    peer.dropNextData(1);
    const username = `grace-${randomBytes(4).toString('hex')}@example.com`;
    const inline = expectDelayed(await signUp(username));
    if (inline) assert.equal((await signUp(username)).state, 'confirmingSignUp');
    const code = await theOneCode(username);
    assert.equal(peer.drops, 1);
    await confirm(username, code);
  });
});
