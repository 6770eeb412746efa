import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@blockyard/core';
import { closeEmailTransports, EmailClient, EmailErrors, type EmailLogger } from '@blockyard/email-client';
import { startSesEmulator, startSesErrorPeer } from './ses-peers.js';

// The SDK's standard credential chain reads these first; no real account is involved.
process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'local-test-secret';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
delete process.env.AWS_PROFILE;

const scope = new Scope('ses-app', { parent: {} });
const logger: EmailLogger = {};
let emulator: Awaited<ReturnType<typeof startSesEmulator>>;
let errors: Awaited<ReturnType<typeof startSesErrorPeer>>;
let ids = 0;

function client(endpoint: string, options: Record<string, unknown> = {}): EmailClient {
  ids += 1;
  return new EmailClient(scope, `ses${ids}`, {
    fromAddress: 'Acme <no-reply@acme.test>',
    url: `ses://eu-west-1?endpoint=${encodeURIComponent(endpoint)}`,
    logger,
    ...options,
  });
}

before(async () => {
  emulator = await startSesEmulator();
  errors = await startSesErrorPeer();
});
after(async () => {
  await closeEmailTransports();
  await emulator.close();
  await errors.close();
});

describe('EmailClient over Amazon SES v2 (a local emulator)', () => {
  it('sends with SendEmail: sender, recipients, reply-to, subject, text and HTML', async () => {
    const email = client(emulator.endpoint, { replyTo: ['help@acme.test'] });
    const { messageId } = await email.send({
      to: ['alice@example.com', 'bob@example.com'],
      cc: 'carol@example.com',
      bcc: 'dave@example.com',
      subject: 'Your code',
      body: 'Code 135790',
      html: '<p>Code <b>135790</b></p>',
    });
    assert.ok(messageId.length > 0);
    const stored = (await emulator.emails()).find((e) => e.messageId === messageId);
    assert.ok(stored, 'the emulator stored the message under the returned id');
    assert.equal(stored.from, '"Acme" <no-reply@acme.test>');
    assert.deepEqual(stored.replyTo, ['help@acme.test']);
    assert.deepEqual(stored.destination, {
      to: ['alice@example.com', 'bob@example.com'],
      cc: ['carol@example.com'],
      bcc: ['dave@example.com'],
    });
    assert.equal(stored.subject, 'Your code');
    assert.equal(stored.body.text, 'Code 135790');
    assert.equal(stored.body.html, '<p>Code <b>135790</b></p>');
  });

  it('sendBatch goes through SES in input order', async () => {
    const email = client(emulator.endpoint);
    const { results } = await email.sendBatch(
      Array.from({ length: 6 }, (_, i) => ({ to: `user${i}@example.com`, subject: `S${i}`, body: `B${i}` })),
    );
    const stored = await emulator.emails();
    for (const [i, result] of results.entries()) {
      assert.equal(result.status, 'success');
      assert.equal(stored.find((e) => e.messageId === result.messageId)?.subject, `S${i}`);
    }
  });
});

describe('SES errors are mapped to EmailErrors', () => {
  const cases = [
    { status: 429, type: 'TooManyRequestsException', name: EmailErrors.RateLimited, retriable: true },
    { status: 400, type: 'SendingPausedException', name: EmailErrors.AccountPaused, retriable: false },
    { status: 400, type: 'AccountSuspendedException', name: EmailErrors.AccountPaused, retriable: false },
    {
      status: 400,
      type: 'MailFromDomainNotVerifiedException',
      name: EmailErrors.DomainNotVerified,
      retriable: false,
    },
    {
      status: 400,
      type: 'MessageRejected',
      message: 'Email address is not verified. The following identities failed the check in region EU-WEST-1',
      name: EmailErrors.DomainNotVerified,
      retriable: false,
    },
    { status: 400, type: 'MessageRejected', name: EmailErrors.SendFailed, retriable: false },
    { status: 400, type: 'BadRequestException', name: EmailErrors.InvalidInput, retriable: false },
    { status: 404, type: 'NotFoundException', name: EmailErrors.SendFailed, retriable: false },
    { status: 500, type: 'InternalFailure', name: EmailErrors.SendFailed, retriable: true },
  ];
  for (const c of cases) {
    it(`${c.type}${c.message ? ' (not verified)' : ''} → ${c.name}${c.retriable ? ', retriable' : ''}`, async () => {
      errors.fail({ status: c.status, type: c.type, message: c.message ?? 'refused' });
      const email = client(errors.endpoint, { configurationSet: 'tracking' });
      await assert.rejects(
        email.send({ to: 'alice@example.com', subject: 'Hi', body: 'x' }),
        (error: Error & { retriable: boolean; status: number }) => {
          assert.equal(error.name, c.name);
          assert.equal(error.retriable, c.retriable);
          return true;
        },
      );
    });
  }

  it('passes the configuration set and lets the SDK retry throttling before giving up', async () => {
    errors.fail({ status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' });
    const before = errors.requests.length;
    const email = client(errors.endpoint, { configurationSet: 'tracking' });
    const { results } = await email.sendBatch([{ to: 'alice@example.com', subject: 'Hi', body: 'x' }]);
    assert.equal(results[0]?.errorName, EmailErrors.RateLimited);
    assert.equal(results[0]?.retriable, true);
    assert.ok(errors.requests.length - before > 1, 'the SDK retried the throttled call');
    assert.equal(errors.requests.at(-1)?.ConfigurationSetName, 'tracking');
  });

  it('an endpoint that is down is a retriable SendFailed', async () => {
    const email = client('http://127.0.0.1:9');
    await assert.rejects(
      email.send({ to: 'alice@example.com', subject: 'Hi', body: 'x' }),
      (error: Error & { retriable: boolean }) => {
        assert.equal(error.name, EmailErrors.SendFailed);
        assert.equal(error.retriable, true);
        return true;
      },
    );
  });
});
