import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmailErrors } from './errors.js';
import { describeTransport, isLoopbackRelay, parseTransportUrl } from './transport-url.js';

describe('BLOCKS_EMAIL_URL', () => {
  it('is the local mailbox when unset or empty', () => {
    assert.deepEqual(parseTransportUrl(undefined), { kind: 'mailbox' });
    assert.deepEqual(parseTransportUrl('  '), { kind: 'mailbox' });
  });

  it('reads smtp:// and smtps:// with credentials, defaults and options', () => {
    const smtp = parseTransportUrl(
      'smtp://me%40example.com:p%3Ass@mail.example.com:2525?pool=2&timeout=5000',
    );
    assert.equal(smtp.kind, 'smtp');
    if (smtp.kind !== 'smtp') return;
    assert.equal(smtp.user, 'me@example.com');
    assert.equal(smtp.password, 'p:ss');
    assert.equal(smtp.port, 2525);
    assert.equal(smtp.secure, false);
    assert.equal(smtp.maxConnections, 2);
    assert.equal(smtp.timeoutMs, 5000);
    const smtps = parseTransportUrl('smtps://relay.example.com');
    assert.equal(smtps.kind === 'smtp' && smtps.secure && smtps.port, 465);
    const plain = parseTransportUrl('smtp://relay.example.com?starttls=required');
    assert.equal(plain.kind === 'smtp' && plain.port, 587);
    assert.equal(plain.kind === 'smtp' && plain.requireTls, true);
  });

  it('requires TLS for every relay not loopback as written, unless tls=off (D-26)', () => {
    const requires = (url: string) => {
      const config = parseTransportUrl(url);
      return config.kind === 'smtp' && config.requireTls;
    };
    for (const url of [
      'smtp://relay.example.com',
      'smtp://localhost.evil.example',
      'smtp://127.0.0.1.nip.io',
      'smtp://127.1',
      'smtp://10.0.0.5:25',
      'smtp://[::2]:25',
    ]) {
      assert.equal(requires(url), true, url);
    }
    for (const url of [
      'smtp://localhost:1025',
      'smtp://127.0.0.1:25',
      'smtp://127.8.9.10',
      'smtp://[::1]:25',
    ]) {
      assert.equal(requires(url), false, url);
    }
    const off = parseTransportUrl('smtp://relay.example.com?tls=off');
    assert.equal(off.kind === 'smtp' && !off.requireTls && off.tlsOff, true);
    assert.equal(requires('smtps://relay.example.com'), false, 'smtps:// is TLS from the first byte');
    assert.equal(isLoopbackRelay('LOCALHOST'), true);
    assert.equal(isLoopbackRelay('127.0.0.256'), false);
  });

  it('reads ses://<region> with an optional endpoint', () => {
    assert.deepEqual(parseTransportUrl('ses://eu-west-1'), {
      kind: 'ses',
      region: 'eu-west-1',
      endpoint: undefined,
    });
    assert.deepEqual(parseTransportUrl('ses://us-gov-west-1?endpoint=http://127.0.0.1:8005'), {
      kind: 'ses',
      region: 'us-gov-west-1',
      endpoint: 'http://127.0.0.1:8005',
    });
  });

  it('refuses malformed URLs with InvalidInput and never echoes the password', () => {
    for (const url of [
      'not a url',
      'http://mail.example.com',
      'smtp://user:hunter2@mail.example.com?pool=0',
      'smtp://user:hunter2@mail.example.com?verbose=1',
      'smtp://user:hunter2@mail.example.com?starttls=never',
      'smtp://user:hunter2@mail.example.com?tls=on',
      'smtp://user:hunter2@mail.example.com?tls=off&starttls=required',
      'smtps://user:hunter2@mail.example.com?tls=off',
      'ses://nowhere',
      'ses://eu-west-1?endpoint=ftp://x',
      'ses://eu-west-1?profile=x',
    ]) {
      assert.throws(
        () => parseTransportUrl(url),
        (error: Error) => {
          assert.equal(error.name, EmailErrors.InvalidInput, url);
          assert.equal(error.message.includes('hunter2'), false);
          return true;
        },
      );
    }
  });

  it('describes a transport without its password', () => {
    const text = describeTransport(parseTransportUrl('smtps://me:hunter2@mail.example.com:465'));
    assert.equal(text, 'smtps://me@mail.example.com:465');
    assert.equal(describeTransport(parseTransportUrl('ses://eu-west-1')), 'Amazon SES in eu-west-1');
  });
});
