// AuthBasic with emailCodeDelivery over a real SMTP server on loopback: a username that is not an
// e-mail address is refused at sign-up (the account could never be confirmed), and a delivery the
// server refuses for good is given up at once instead of being retried by the outbox.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { closeEmailTransports, EmailClient, EmailErrors, emailCodeDelivery } from '@blockyard/email-client';
import {
  act,
  Client,
  type Harness,
  makeAuth,
  rejection,
} from '../../packages/auth-basic/src/test-support/harness.js';
import { type SmtpPeer, startSmtpPeer } from './smtp-peer.js';

const PASSWORD = 'correct-horse-42';
const dir = mkdtempSync(join(tmpdir(), 'blockyard-code-rules-'));
let peer: SmtpPeer;
let h: Harness;

before(async () => {
  peer = await startSmtpPeer(dir);
  const email = new EmailClient(new Scope('rules-mail', { parent: {} }), 'mail', {
    fromAddress: 'Acme <no-reply@acme.test>',
    url: peer.url(),
    logger: { info: () => {}, warn: () => {} },
  });
  h = await makeAuth({ codeDelivery: emailCodeDelivery(email, { appName: 'Acme' }) });
});
after(async () => {
  await h.close();
  await closeEmailTransports();
  await peer.close();
  rmSync(dir, { recursive: true, force: true });
});

const failures = (username: string) =>
  h.events.filter((e) => e.type === 'codeDeliveryFailed' && e.username === username);

describe('emailCodeDelivery and AuthBasic (issue: non-e-mail usernames, permanent failures)', () => {
  it('refuses a username that is not an e-mail address at sign-up, storing nothing', async () => {
    const refused = await rejection(h.auth.signUp('alice', PASSWORD));
    assert.equal(refused.name, EmailErrors.InvalidInput);
    assert.equal(refused.status, 400);
    assert.equal(await h.auth.admin.getUser('alice'), null, 'no account that could never be confirmed');
    const { state } = await act(h.auth, new Client(), {
      action: 'signUp',
      username: 'bob',
      password: PASSWORD,
    });
    assert.equal(state.state, 'signedOut');
    assert.equal(state.errorName, EmailErrors.InvalidInput);
    assert.equal(await h.auth.deliverPendingCodes(), 0, 'nothing was queued');

    await h.auth.signUp('Carol@Example.com', PASSWORD);
    await h.auth.deliverPendingCodes();
    const mail = peer.received.find((m) => m.envelope.to.includes('carol@example.com'));
    assert.match(mail?.parsed.text ?? '', /\b\d{6}\b/, 'an address signs up and gets its code');
  });

  it('gives a delivery up at once when the server refuses the recipient for good (550)', async () => {
    peer.refusedRecipients.add('gone@example.com');
    await h.auth.signUp('gone@example.com', PASSWORD);
    await h.auth.deliverPendingCodes();
    for (let i = 0; i < 5; i++) {
      h.clock.advance(120);
      await h.auth.deliverPendingCodes();
    }
    assert.deepEqual(
      failures('gone@example.com').map((e) => e.reason),
      ['signup-abandoned'],
      'one attempt, never retried',
    );
  });

  it('still retries a temporary refusal (451) until it goes through', async () => {
    peer.deferredRecipients.add('later@example.com');
    await h.auth.signUp('later@example.com', PASSWORD);
    await h.auth.deliverPendingCodes();
    assert.deepEqual(
      failures('later@example.com').map((e) => e.reason),
      ['signup'],
    );
    peer.deferredRecipients.delete('later@example.com');
    h.clock.advance(2);
    await h.auth.deliverPendingCodes();
    assert.ok(
      peer.received.some((m) => m.envelope.to.includes('later@example.com')),
      'delivered on retry',
    );
  });
});
