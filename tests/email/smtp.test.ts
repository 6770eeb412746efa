import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { closeEmailTransports, EmailClient, EmailErrors, type EmailLogger } from '@blockyard/email-client';
import { freePort } from '../support/index.js';
import { type SmtpPeer, startSmtpPeer } from './smtp-peer.js';

const dir = mkdtempSync(join(tmpdir(), 'blockyard-smtp-'));
const scope = new Scope('smtp-app', { parent: {} });
const logged: string[] = [];
const logger: EmailLogger = {
  info: (m, f) => logged.push(`${m} ${JSON.stringify(f ?? {})}`),
  warn: (m, f) => logged.push(`${m} ${JSON.stringify(f ?? {})}`),
};
let peer: SmtpPeer;
let ids = 0;

function client(url: string, options: Record<string, unknown> = {}): EmailClient {
  ids += 1;
  return new EmailClient(scope, `mail${ids}`, {
    fromAddress: 'Acme <no-reply@acme.test>',
    logger,
    url,
    ...options,
  });
}
function named(name: string, retriable: boolean) {
  return (error: Error & { retriable?: boolean; status?: number }) => {
    assert.equal(error.name, name);
    assert.equal(error.retriable, retriable);
    assert.equal(error.message.includes('w0rd'), false);
    return true;
  };
}

before(async () => {
  peer = await startSmtpPeer(dir);
});
after(async () => {
  await closeEmailTransports();
  await peer.close();
  rmSync(dir, { recursive: true, force: true });
  assert.equal(
    logged.some((line) => line.includes('w0rd')),
    false,
    'the SMTP password never reaches a log',
  );
});

describe('EmailClient over SMTP (a real server on loopback)', () => {
  it('delivers over STARTTLS with AUTH: headers, text and HTML parts, recipients', async () => {
    const email = client(peer.url('&starttls=required'), { replyTo: ['help@acme.test'] });
    const { messageId } = await email.send({
      to: ['alice@example.com', 'Bob Example <bob@example.com>'],
      cc: 'carol@example.com',
      bcc: ['dave@example.com'],
      subject: 'Grüße — your code',
      body: 'Your code is 482913.\nThanks!',
      html: '<p>Your code is <b>482913</b>.</p>',
    });
    const mail = peer.received.at(-1);
    assert.ok(mail);
    assert.equal(mail.secure, true);
    assert.equal(mail.user, 'mailer');
    assert.equal(mail.envelope.from, 'no-reply@acme.test');
    assert.deepEqual(mail.envelope.to.sort(), [
      'alice@example.com',
      'bob@example.com',
      'carol@example.com',
      'dave@example.com',
    ]);
    const { parsed } = mail;
    assert.equal(parsed.messageId, messageId);
    assert.equal(parsed.subject, 'Grüße — your code');
    assert.deepEqual(parsed.from?.value, [{ address: 'no-reply@acme.test', name: 'Acme' }]);
    const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
    assert.deepEqual(
      to.flatMap((a) => a?.value ?? []).map((v) => [v.address, v.name]),
      [
        ['alice@example.com', ''],
        ['bob@example.com', 'Bob Example'],
      ],
    );
    const cc = Array.isArray(parsed.cc) ? parsed.cc : [parsed.cc];
    assert.deepEqual(
      cc.flatMap((a) => a?.value ?? []).map((v) => v.address),
      ['carol@example.com'],
    );
    assert.equal(parsed.bcc, undefined, 'Bcc never appears in the headers');
    assert.equal(parsed.headers.has('bcc'), false);
    const replyTo = parsed.replyTo?.value.map((v) => v.address);
    assert.deepEqual(replyTo, ['help@acme.test']);
    assert.equal(parsed.text?.trim(), 'Your code is 482913.\nThanks!');
    assert.equal(parsed.html, '<p>Your code is <b>482913</b>.</p>');
  });

  it('sends a text-only message without an HTML part', async () => {
    const email = client(peer.url());
    await email.send({ to: 'alice@example.com', subject: 'Plain', body: 'just text' });
    const { parsed, secure } = peer.received.at(-1)!;
    assert.equal(secure, true, 'STARTTLS is used whenever the server offers it');
    assert.equal(parsed.subject, 'Plain');
    assert.equal(parsed.html, false);
    assert.equal(parsed.text?.trim(), 'just text');
  });

  it('delivers over smtps:// (TLS from the first byte)', async () => {
    mkdirSync(join(dir, 'implicit'));
    const tlsPeer = await startSmtpPeer(join(dir, 'implicit'), { implicitTls: true });
    try {
      const { messageId } = await client(tlsPeer.url()).send({
        to: 'alice@example.com',
        subject: 'TLS',
        body: 'x',
      });
      assert.equal(tlsPeer.received[0]?.parsed.messageId, messageId);
      assert.equal(tlsPeer.received[0]?.secure, true);
    } finally {
      await closeEmailTransports();
      await tlsPeer.close();
    }
  });

  it('a refused recipient fails the message when no recipient is left', async () => {
    peer.refusedRecipients.add('gone@example.com');
    const before = peer.received.length;
    const email = client(peer.url());
    await assert.rejects(
      email.send({ to: 'gone@example.com', subject: 'Hi', body: 'x' }),
      named(EmailErrors.SendFailed, false),
    );
    assert.equal(peer.received.length, before);
    // With another recipient left, the message goes to that one only.
    await email.send({ to: ['gone@example.com', 'alice@example.com'], subject: 'Partly', body: 'x' });
    assert.deepEqual(peer.received.at(-1)?.envelope.to, ['alice@example.com']);
    assert.ok(
      logged.some((line) => line.includes('refused some recipients') && line.includes('"refused":1')),
    );
  });

  it('a recipient deferred with 451 is a retriable failure', async () => {
    peer.deferredRecipients.add('later@example.com');
    await assert.rejects(
      client(peer.url()).send({ to: 'later@example.com', subject: 'Hi', body: 'x' }),
      named(EmailErrors.SendFailed, true),
    );
  });

  it('a refused sender is DomainNotVerified', async () => {
    peer.refusedSenders.add('someone@unverified.test');
    const email = new EmailClient(scope, 'unverified', {
      fromAddress: 'someone@unverified.test',
      url: peer.url(),
      logger,
    });
    await assert.rejects(
      email.send({ to: 'alice@example.com', subject: 'Hi', body: 'x' }),
      named(EmailErrors.DomainNotVerified, false),
    );
  });

  it('wrong credentials fail without retry, and the password is in no message', async () => {
    const email = client(peer.url().replace(/:[^:@]*@/, ':wrong-w0rd@'));
    await assert.rejects(
      email.send({ to: 'alice@example.com', subject: 'Hi', body: 'x' }),
      named(EmailErrors.SendFailed, false),
    );
  });

  it('a connection cut in the middle of DATA is a retriable failure, and the next try delivers once', async () => {
    const email = client(peer.url('&pool=1'));
    const before = peer.received.length;
    peer.dropNextData(1);
    await assert.rejects(
      email.send({ to: 'alice@example.com', subject: 'Cut', body: 'x'.repeat(200_000) }),
      named(EmailErrors.SendFailed, true),
    );
    assert.equal(peer.drops, 1);
    assert.equal(peer.received.length, before);
    const { messageId } = await email.send({
      to: 'alice@example.com',
      subject: 'Cut',
      body: 'x'.repeat(200_000),
    });
    assert.equal(peer.received.length, before + 1);
    assert.equal(peer.received.filter((m) => m.parsed.messageId === messageId).length, 1);
  });

  it('a server that is down is a retriable failure; sending works once it is up', async () => {
    const port = await freePort();
    const url = `smtp://mailer:p%40ss%3Aw0rd%2F!@127.0.0.1:${port}?timeout=2000&ca=${encodeURIComponent(peer.caFile)}`;
    const email = client(url);
    await assert.rejects(
      email.send({ to: 'alice@example.com', subject: 'Down', body: 'x' }),
      named(EmailErrors.SendFailed, true),
    );
    mkdirSync(join(dir, 'late'));
    const late = await startSmtpPeer(join(dir, 'late'), { port });
    try {
      const { messageId } = await email.send({ to: 'alice@example.com', subject: 'Back', body: 'x' });
      assert.equal(late.received.length, 1);
      assert.equal(late.received[0]?.parsed.messageId, messageId);
    } finally {
      await closeEmailTransports();
      await late.close();
    }
  });

  it('refuses a certificate it cannot verify', async () => {
    const email = client(peer.url().replace(/\?ca=[^&]*/, '?starttls=required'));
    await assert.rejects(
      email.send({ to: 'alice@example.com', subject: 'Hi', body: 'x' }),
      (error: Error) => {
        assert.equal(error.name, EmailErrors.SendFailed);
        assert.match(String((error.cause as Error)?.message), /certificate/i);
        return true;
      },
    );
  });

  it('sendBatch keeps input order; bad and refused messages fail alone', async () => {
    const email = client(peer.url());
    peer.refusedRecipients.add('refused@example.com');
    const messages = Array.from({ length: 20 }, (_, i) => ({
      to: i === 5 ? 'not an address' : i === 11 ? 'refused@example.com' : `user${i}@example.com`,
      subject: `Batch ${i}`,
      body: `Body ${i}`,
    }));
    const { results } = await email.sendBatch(messages);
    assert.deepEqual(
      results.map((r) => r.status),
      messages.map((_, i) => (i === 5 || i === 11 ? 'failed' : 'success')),
    );
    assert.equal(results[5]?.errorName, EmailErrors.InvalidInput);
    assert.equal(results[11]?.errorName, EmailErrors.SendFailed);
    for (const [i, result] of results.entries()) {
      if (result.status !== 'success') continue;
      const mail = peer.received.find((m) => m.parsed.messageId === result.messageId);
      assert.equal(mail?.parsed.subject, `Batch ${i}`);
      assert.deepEqual(mail?.envelope.to, [`user${i}@example.com`]);
    }
  });
});

describe('D-26: a relay not loopback as written gets neither password nor mail without TLS', () => {
  let stripped: SmtpPeer;
  let alias: string;
  before(async () => {
    // The machine's own name: not loopback as written, yet it reaches this machine (no remote host).
    alias = hostname();
    const { address } = await lookup(alias);
    mkdirSync(join(dir, 'stripped'));
    stripped = await startSmtpPeer(join(dir, 'stripped'), { noStartTls: true, listenHost: address });
  });
  after(async () => {
    await closeEmailTransports();
    await stripped?.close();
  });
  const urlFor = (host: string, extra = '') =>
    `smtp://mailer:p%40ss%3Aw0rd%2F!@${host}:${stripped.port}?timeout=5000${extra}`;

  it('refuses to send when STARTTLS is missing: a named, final error, and no AUTH in clear', async () => {
    const email = client(urlFor(alias));
    for (let attempt = 0; attempt < 2; attempt++) {
      await assert.rejects(
        email.send({ to: 'alice@example.com', subject: 'Your code', body: 'code 123456' }),
        (error: Error & { permanent?: boolean }) => {
          named(EmailErrors.TlsRequired, false)(error);
          // A configuration error: AuthBasic's outbox gives the delivery up instead of retrying it.
          assert.equal(error.permanent, true);
          return true;
        },
      );
    }
    assert.equal(stripped.auths.total, 0, 'the password never went out');
    assert.equal(stripped.received.length, 0, 'the code never went out');
  });

  it('sends in clear to a relay that is loopback as written, or with tls=off (warned at start)', async () => {
    const { address } = await lookup(alias);
    if (address.startsWith('127.')) {
      await client(urlFor(address)).send({ to: 'alice@example.com', subject: 'Loopback', body: 'x' });
      assert.equal(stripped.received.at(-1)?.secure, false);
    }
    const before = logged.length;
    const email = client(urlFor(alias, '&tls=off'));
    assert.ok(
      logged.slice(before).some((line) => line.includes('tls=off')),
      'tls=off is warned about when the client is made',
    );
    await email.send({ to: 'alice@example.com', subject: 'On purpose', body: 'x' });
    assert.equal(stripped.received.at(-1)?.parsed.subject, 'On purpose');
    assert.ok(stripped.auths.plaintext > 0);
  });
});
