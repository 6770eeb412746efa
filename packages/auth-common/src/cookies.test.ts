import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildCookieSecurityAttrs,
  isLocalRequest,
  isLoopbackHost,
  isLoopbackRequest,
  resolveCookieSecurity,
} from './cookies.js';

function context(url: string, headers: Record<string, string>) {
  return { request: { url: new URL(url), headers: new Headers(headers) } };
}

describe('resolveCookieSecurity', () => {
  it('maps the four combinations of crossDomain and locality', () => {
    assert.deepEqual(resolveCookieSecurity({ crossDomain: false, isLocalhost: false }), {
      sameSite: 'Lax',
      secure: true,
      partitioned: false,
    });
    assert.deepEqual(resolveCookieSecurity({ crossDomain: false, isLocalhost: true }), {
      sameSite: 'Lax',
      secure: false,
      partitioned: false,
    });
    assert.deepEqual(resolveCookieSecurity({ crossDomain: true, isLocalhost: false }), {
      sameSite: 'None',
      secure: true,
      partitioned: true,
    });
    assert.deepEqual(resolveCookieSecurity({ crossDomain: true, isLocalhost: true }), {
      sameSite: 'None',
      secure: true,
      partitioned: false,
    });
  });
});

describe('buildCookieSecurityAttrs', () => {
  it('renders SameSite, Secure and Partitioned in that order', () => {
    assert.equal(
      buildCookieSecurityAttrs({ crossDomain: false, isLocalhost: false }),
      'SameSite=Lax; Secure',
    );
    assert.equal(buildCookieSecurityAttrs({ crossDomain: false, isLocalhost: true }), 'SameSite=Lax');
    assert.equal(
      buildCookieSecurityAttrs({ crossDomain: true, isLocalhost: false }),
      'SameSite=None; Secure; Partitioned',
    );
    assert.equal(buildCookieSecurityAttrs({ crossDomain: true, isLocalhost: true }), 'SameSite=None; Secure');
  });
});

describe('isLoopbackRequest', () => {
  it('recognises loopback origins and hosts', () => {
    assert.equal(isLoopbackRequest(context('http://x/', { origin: 'http://localhost:3000' })), true);
    assert.equal(isLoopbackRequest(context('http://x/', { origin: 'http://127.0.0.1:8080' })), true);
    assert.equal(isLoopbackRequest(context('http://x/', { origin: 'http://[::1]:3000' })), true);
    assert.equal(isLoopbackRequest(context('http://x/', { host: 'localhost:3001' })), true);
  });

  it('rejects other origins and requests without either header', () => {
    assert.equal(isLoopbackRequest(context('http://x/', { origin: 'https://app.example.com' })), false);
    assert.equal(isLoopbackRequest(context('http://x/', {})), false);
    assert.equal(isLoopbackHost('localhost.example.com'), false);
    assert.equal(isLoopbackHost('127.0.0.1.nip.io'), false);
  });
});

describe('isLocalRequest', () => {
  it('treats plain http on a loopback Host as local', () => {
    assert.equal(
      isLocalRequest(context('http://127.0.0.1:3001/aws-blocks/api', { host: '127.0.0.1:3001' })),
      true,
    );
  });

  it('is not local when the request came over https, whatever the Host', () => {
    assert.equal(
      isLocalRequest(context('https://localhost:3001/aws-blocks/api', { host: 'localhost:3001' })),
      false,
    );
  });

  it('is not local for a non-loopback Host', () => {
    assert.equal(
      isLocalRequest(context('http://app.example.com/aws-blocks/api', { host: 'app.example.com' })),
      false,
    );
  });

  it('ignores a client-supplied loopback Origin', () => {
    const ctx = context('http://app.example.com/', { host: 'app.example.com', origin: 'http://localhost' });
    assert.equal(isLocalRequest(ctx), false);
  });

  it('falls back to the URL host when no Host header is present', () => {
    assert.equal(isLocalRequest(context('http://localhost:3001/', {})), true);
    assert.equal(isLocalRequest(context('http://example.com/', {})), false);
  });

  it('takes a hand-made context without a URL for plain HTTP to loopback, unless its Host says otherwise', () => {
    const bare = (headers: Record<string, string>) =>
      ({ request: { headers: new Headers(headers) } }) as unknown as Parameters<typeof isLocalRequest>[0];
    assert.equal(isLocalRequest(bare({})), true);
    assert.equal(isLocalRequest(bare({ host: 'localhost:3001' })), true);
    assert.equal(isLocalRequest(bare({ host: 'app.example.com' })), false);
    assert.equal(isLocalRequest({ request: {} } as unknown as Parameters<typeof isLocalRequest>[0]), true);
  });
});
