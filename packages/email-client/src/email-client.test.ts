import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CoreErrors, Scope } from '@blockyard/core';
import { collectRoutes } from '@blockyard/core/internal';
import { emailCodeDelivery } from './code-delivery/email-code-delivery.js';
import { DEV_INBOX_PATH } from './dev-inbox/register.js';
import { EmailClient } from './email-client.js';
import { EmailErrors } from './errors.js';
import type { MailboxEntry } from './mailbox/mailbox.js';
import type { EmailLogger } from './options.js';

const dir = mkdtempSync(join(tmpdir(), 'blockyard-email-'));
before(() => {
  process.env.BLOCKS_DATA_DIR = dir;
  delete process.env.BLOCKS_EMAIL_URL;
  delete process.env.BLOCKS_STAGE;
});
after(() => rmSync(dir, { recursive: true, force: true }));

const scope = new Scope('mail-app', { parent: {} });
let ids = 0;
const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
const logger: EmailLogger = {
  info: (message, fields) => lines.push({ level: 'info', message, ...(fields ? { fields } : {}) }),
  warn: (message, fields) => lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
};
function client(options: Record<string, unknown> = {}): EmailClient {
  ids += 1;
  return new EmailClient(scope, `mail${ids}`, {
    fromAddress: 'App <no-reply@example.com>',
    logger,
    ...options,
  });
}
function mailbox(block: EmailClient): MailboxEntry[] {
  return JSON.parse(readFileSync(join(dir, block.fullId, 'emails.json'), 'utf8')) as MailboxEntry[];
}
function named(name: string) {
  return (error: Error) => {
    assert.equal(error.name, name);
    return true;
  };
}

describe('EmailClient options (R-901)', () => {
  it('reports a bad option at construction', () => {
    for (const options of [
      undefined,
      {},
      { fromAddress: 'nope' },
      { fromAddress: 'a@example.com', replyTo: 'bad' },
      { fromAddress: 'a@example.com', replyTo: [42] },
      { fromAddress: 'a@example.com', configurationSet: 'has space' },
      { fromAddress: 'a@example.com', logger: { info: 'no' } },
      { fromAddress: 'a@example.com', clock: 5 },
      { fromAddress: 'a@example.com', url: 42 },
    ]) {
      assert.throws(
        () => new EmailClient(scope, 'bad', options as never),
        (error: Error) => {
          assert.equal(error.name, CoreErrors.InvalidOptions, JSON.stringify(options));
          return true;
        },
      );
    }
    // A transport URL it cannot use is a configuration error of the transport, as in BLOCKS_EMAIL_URL.
    assert.throws(
      () =>
        new EmailClient(scope, 'bad', {
          fromAddress: 'a@example.com',
          url: 'smtp://user:hunter2@mail.example.com?pool=x',
        } as never),
      (error: Error) => {
        assert.equal(error.name, EmailErrors.InvalidInput);
        assert.equal(error.message.includes('hunter2'), false);
        return true;
      },
    );
  });

  it('warns about an unknown option, naming the nearest known one, and ignores it', () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    new EmailClient(scope, 'typo', { fromAddress: 'a@example.com', replyto: [], logger } as never);
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0]?.includes("'replyto'") && warnings[0].includes("'replyTo'"));
  });

  it('reads BLOCKS_EMAIL_URL at construction', () => {
    process.env.BLOCKS_EMAIL_URL = 'smtp://user:hunter2@127.0.0.1:2525';
    try {
      const smtp = client();
      assert.equal(smtp.transportDescription, 'smtp://user@127.0.0.1:2525');
      process.env.BLOCKS_EMAIL_URL = 'ftp://x';
      assert.throws(() => client(), named(EmailErrors.InvalidInput));
    } finally {
      delete process.env.BLOCKS_EMAIL_URL;
    }
  });
});

describe('EmailClient on the local mailbox (R-904)', () => {
  it('keeps sent mail in <data dir>/<fullId>/emails.json, readable by the owner only', async () => {
    const block = client({ replyTo: ['help@example.com'], clock: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    const { messageId } = await block.send({
      to: ['alice@example.com', 'Bob <bob@example.com>'],
      cc: 'carol@example.com',
      bcc: 'dave@example.com',
      subject: 'Hello',
      body: 'Your code is 123456',
      html: '<p>Your code is <b>123456</b></p>',
    });
    assert.match(messageId, /^mock-1767323045000-[0-9a-f]{12}$/);
    const [entry] = mailbox(block);
    assert.deepEqual(entry, {
      messageId,
      timestamp: '2026-01-02T03:04:05.000Z',
      from: '"App" <no-reply@example.com>',
      to: ['alice@example.com', '"Bob" <bob@example.com>'],
      cc: ['carol@example.com'],
      bcc: ['dave@example.com'],
      replyTo: ['help@example.com'],
      subject: 'Hello',
      body: 'Your code is 123456',
      html: '<p>Your code is <b>123456</b></p>',
    });
    const file = join(dir, block.fullId, 'emails.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, block.fullId)).mode & 0o777, 0o700);
  });

  it('says once that mail stays local, and logs no body or code', async () => {
    lines.length = 0;
    const block = client();
    await block.send({ to: 'alice@example.com', subject: 'Code', body: 'secret 987654' });
    await block.send({ to: 'alice@example.com', subject: 'Code', body: 'secret 987654' });
    const notices = lines.filter((l) => l.message.includes('BLOCKS_EMAIL_URL is not set'));
    assert.equal(notices.length, 1);
    assert.equal(JSON.stringify(lines).includes('987654'), false);
  });

  it('sends nothing for bad input', async () => {
    const block = client();
    await assert.rejects(
      block.send({ to: 'nope', subject: 'x', body: 'y' }),
      named(EmailErrors.InvalidInput),
    );
    await assert.rejects(block.send(undefined as never), named(EmailErrors.InvalidInput));
    await block.send({ to: 'a@example.com', subject: 'x', body: 'y' });
    assert.equal(mailbox(block).length, 1);
  });

  it('sendBatch answers in input order and fails bad messages alone (R-902)', async () => {
    const block = client();
    const messages = Array.from({ length: 30 }, (_, i) => ({
      to: i % 7 === 3 ? 'not-an-address' : `user${i}@example.com`,
      subject: `Message ${i}`,
      body: `Body ${i}`,
    }));
    const { results } = await block.sendBatch(messages);
    assert.equal(results.length, 30);
    const stored = new Map(mailbox(block).map((e) => [e.messageId, e]));
    results.forEach((result, i) => {
      if (i % 7 === 3) {
        assert.equal(result.status, 'failed');
        assert.equal(result.errorName, EmailErrors.InvalidInput);
        assert.equal(result.retriable, false);
        assert.equal(typeof result.error, 'string');
      } else {
        assert.equal(result.status, 'success');
        assert.equal(stored.get(result.messageId ?? '')?.subject, `Message ${i}`);
      }
    });
    assert.equal(stored.size, 26);
    assert.deepEqual(await block.sendBatch([]), { results: [] });
    await assert.rejects(block.sendBatch('x' as never), named(EmailErrors.InvalidInput));
    await assert.rejects(
      block.sendBatch(new Array(10_001).fill(messages[0])),
      named(EmailErrors.InvalidInput),
    );
  });

  it('keeps an unreadable mailbox file aside instead of overwriting it', async () => {
    const block = client();
    const file = join(dir, block.fullId, 'emails.json');
    mkdirSync(join(dir, block.fullId), { recursive: true });
    writeFileSync(file, '{ not json');
    await block.send({ to: 'a@example.com', subject: 'x', body: 'y' });
    assert.equal(mailbox(block).length, 1);
    const aside = readdirSync(join(dir, block.fullId)).filter((name) =>
      name.startsWith('emails.json.unreadable-'),
    );
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(join(dir, block.fullId, aside[0]!), 'utf8'), '{ not json');
  });

  it('a mailbox that cannot be written fails with SendFailed', async () => {
    const saved = process.env.BLOCKS_DATA_DIR;
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    process.env.BLOCKS_DATA_DIR = blocker;
    try {
      const block = client();
      await assert.rejects(
        block.send({ to: 'a@example.com', subject: 'x', body: 'y' }),
        named(EmailErrors.SendFailed),
      );
    } finally {
      process.env.BLOCKS_DATA_DIR = saved;
    }
  });
});

describe('under blockyard start (BLOCKS_STAGE=production)', () => {
  it('refuses to start without BLOCKS_EMAIL_URL, naming the setting, so codes are never dropped quietly', () => {
    process.env.BLOCKS_STAGE = 'production';
    try {
      assert.throws(
        () => client(),
        (error: Error) => {
          assert.equal(error.name, EmailErrors.InvalidInput);
          assert.match(error.message, /BLOCKS_EMAIL_URL/);
          return true;
        },
      );
      const before = lines.length;
      const kept = client({ url: 'mailbox:' });
      assert.match(kept.transportDescription, /local mailbox/);
      assert.ok(
        lines.slice(before).some((line) => line.level === 'warn' && line.message.includes('mailbox:')),
        'an explicit mailbox: is warned about',
      );
    } finally {
      delete process.env.BLOCKS_STAGE;
    }
  });
});

describe('dev inbox registration', () => {
  it('names the mailbox relative to the app folder, never by its absolute path (D-09)', () => {
    const app = mkdtempSync(join(tmpdir(), 'blockyard-email-app-'));
    const saved = { app: process.env.BLOCKS_APP_DIR, data: process.env.BLOCKS_DATA_DIR };
    try {
      process.env.BLOCKS_APP_DIR = app;
      delete process.env.BLOCKS_DATA_DIR;
      const inApp = client();
      assert.equal(inApp.transportDescription, `the local mailbox .bb-data/${inApp.fullId}/emails.json`);
      process.env.BLOCKS_DATA_DIR = dir;
      const elsewhere = client();
      assert.equal(
        elsewhere.transportDescription,
        `the local mailbox $BLOCKS_DATA_DIR/${elsewhere.fullId}/emails.json`,
      );
      assert.ok(!elsewhere.transportDescription.includes(dir));
    } finally {
      process.env.BLOCKS_APP_DIR = saved.app;
      if (saved.app === undefined) delete process.env.BLOCKS_APP_DIR;
      process.env.BLOCKS_DATA_DIR = saved.data;
      rmSync(app, { recursive: true, force: true });
    }
  });

  it('registers GET /aws-blocks/dev/inbox only in the sandbox, once per backend', async () => {
    const production = await collectRoutes(async () => client());
    assert.equal(production.routes.match('GET', DEV_INBOX_PATH), null);
    process.env.BLOCKS_STAGE = 'sandbox';
    try {
      const sandbox = await collectRoutes(async () => [client(), client()]);
      assert.notEqual(sandbox.routes.match('GET', DEV_INBOX_PATH), null);
      assert.equal(sandbox.routes.routes.length, 1);
    } finally {
      delete process.env.BLOCKS_STAGE;
    }
  });
});

describe('emailCodeDelivery (R-905)', () => {
  it('mails the code with the default template', async () => {
    const block = client();
    const deliver = emailCodeDelivery(block, { appName: 'Acme <Shop>' });
    await deliver('alice@example.com', '246810', 'reset');
    const [entry] = mailbox(block);
    assert.equal(entry?.subject, 'Your Acme <Shop> password reset code');
    assert.match(entry?.body ?? '', /\n {4}246810\n/);
    assert.match(entry?.html ?? '', /Acme &lt;Shop&gt;/);
    assert.match(entry?.html ?? '', />246810</);
  });

  it('refuses a username that is not an e-mail address, sending nothing', async () => {
    const block = client();
    const deliver = emailCodeDelivery(block);
    await assert.rejects(deliver('alice', '123456', 'signup'), named(EmailErrors.InvalidInput));
    assert.throws(() => emailCodeDelivery(block, { appName: 'a\nb' }), named(EmailErrors.InvalidInput));
    assert.throws(
      () => emailCodeDelivery(block, { template: 'x' as never }),
      named(EmailErrors.InvalidInput),
    );
  });

  it('uses a custom template', async () => {
    const block = client();
    const deliver = emailCodeDelivery(block, {
      template: ({ code, purpose }) => ({
        subject: `[${purpose}] code`,
        body: `code=${code}`,
        html: `<i>${code}</i>`,
      }),
    });
    await deliver('bob@example.com', '111222', 'signup');
    assert.deepEqual(
      mailbox(block).map((e) => [e.subject, e.body, e.html, e.to]),
      [['[signup] code', 'code=111222', '<i>111222</i>', ['bob@example.com']]],
    );
  });
});
