import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEmailAddress, parseAddress } from './address.js';
import { EmailErrors } from './errors.js';
import { MAX_MESSAGE_BYTES, MAX_RECIPIENTS, validateMessage } from './message.js';

function rejects(input: unknown, name: string = EmailErrors.InvalidInput, status = 400) {
  assert.throws(
    () => validateMessage(input),
    (error: Error & { status?: number }) => {
      assert.equal(error.name, name);
      assert.equal(error.status, status);
      return true;
    },
  );
}

const ok = { to: 'alice@example.com', subject: 'Hello', body: 'Hi' };
const many = (n: number, domain = 'example.com') => Array.from({ length: n }, (_, i) => `user${i}@${domain}`);

describe('addresses (R-904)', () => {
  it('accepts common address shapes', () => {
    for (const address of [
      'alice@example.com',
      'a.b-c+tag@sub.example.co.uk',
      "o'brien@example.ie",
      'x@a-b.example',
      `${'a'.repeat(64)}@example.com`,
    ]) {
      assert.equal(isEmailAddress(address), true, address);
    }
  });

  it('refuses what is not an address', () => {
    for (const address of [
      '',
      'alice',
      'alice@',
      '@example.com',
      'alice@example',
      'alice@@example.com',
      'alice@example..com',
      '.alice@example.com',
      'alice.@example.com',
      'al..ice@example.com',
      'alice@-example.com',
      'alice@example-.com',
      'al ice@example.com',
      'alice@exam_ple.com',
      '"alice"@example.com',
      'alice@[127.0.0.1]',
      'alïce@example.com',
      'alice@example.com\r\nBcc: eve@example.com',
      `${'a'.repeat(65)}@example.com`,
      `a@${'b'.repeat(250)}.com`,
    ]) {
      assert.equal(isEmailAddress(address), false, JSON.stringify(address));
    }
  });

  it('reads display names and refuses header tricks in them', () => {
    assert.deepEqual(parseAddress('Alice Liddell <alice@example.com>'), {
      address: 'alice@example.com',
      name: 'Alice Liddell',
    });
    assert.deepEqual(parseAddress('<alice@example.com>'), { address: 'alice@example.com' });
    assert.equal(parseAddress('Eve\r\nBcc: x@example.com <eve@example.com>'), null);
    assert.equal(parseAddress('"Eve" <eve@example.com>'), null);
    assert.equal(parseAddress('Eve <not an address>'), null);
    assert.equal(parseAddress(42), null);
  });
});

describe('validateMessage (R-904)', () => {
  it('accepts a valid message and normalises recipients to lists', () => {
    const valid = validateMessage({
      ...ok,
      cc: 'bob@example.com',
      bcc: ['carol@example.com'],
      html: '<p>Hi</p>',
    });
    assert.deepEqual(
      valid.to.map((m) => m.address),
      ['alice@example.com'],
    );
    assert.deepEqual(
      valid.cc.map((m) => m.address),
      ['bob@example.com'],
    );
    assert.equal(valid.html, '<p>Hi</p>');
  });

  it('refuses a message that is not an object', () => {
    for (const input of [undefined, null, 'hello', 42, [ok]]) rejects(input);
  });

  it('refuses a missing, empty or malformed recipient', () => {
    rejects({ ...ok, to: undefined });
    rejects({ ...ok, to: [] });
    rejects({ ...ok, to: 'not-an-address' });
    rejects({ ...ok, to: ['alice@example.com', 'bad'] });
    rejects({ ...ok, to: { address: 'alice@example.com' } });
    rejects({ ...ok, cc: 'bad' });
    rejects({ ...ok, cc: 5 });
    rejects({ ...ok, bcc: ['x@example.com', null] });
  });

  it(`refuses more than ${MAX_RECIPIENTS} recipients, To, Cc and Bcc together`, () => {
    assert.equal(validateMessage({ ...ok, to: many(MAX_RECIPIENTS) }).to.length, MAX_RECIPIENTS);
    rejects({ ...ok, to: many(MAX_RECIPIENTS + 1) });
    rejects({ ...ok, to: many(20), cc: many(20, 'example.org'), bcc: many(11, 'example.net') });
    rejects({ ...ok, bcc: many(MAX_RECIPIENTS + 1) });
  });

  it('refuses a missing, empty, multi-line or overlong subject', () => {
    rejects({ ...ok, subject: undefined });
    rejects({ ...ok, subject: '   ' });
    rejects({ ...ok, subject: 'Hello\r\nBcc: eve@example.com' });
    rejects({ ...ok, subject: 'Hello\nworld' });
    rejects({ ...ok, subject: 'x'.repeat(999) });
    rejects({ ...ok, subject: 7 });
  });

  it('refuses non-string parts, NUL characters and unknown fields', () => {
    rejects({ ...ok, body: undefined });
    rejects({ ...ok, body: { text: 'hi' } });
    rejects({ ...ok, html: 42 });
    rejects({ ...ok, body: 'a\0b' });
    rejects({ ...ok, text: 'typo of body' });
    rejects({ ...ok, attachments: [] });
  });

  it('refuses a message over 40 MiB as SendFailed, like the provider', () => {
    const half = 'x'.repeat(MAX_MESSAGE_BYTES / 2);
    rejects({ ...ok, body: half, html: `${half}!` }, EmailErrors.SendFailed, 502);
    assert.doesNotThrow(() => validateMessage({ ...ok, body: 'x'.repeat(MAX_MESSAGE_BYTES - 100) }));
  });
});
