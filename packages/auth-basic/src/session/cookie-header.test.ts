import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCookie, replaceSetCookie } from './cookie-header.js';

describe('readCookie (D-07)', () => {
  const name = 'auth_my-app-auth';

  it('finds the cookie by exact name among others', () => {
    assert.equal(readCookie(`theme=dark; ${name}=abc.def.ghi; other=1`, name), 'abc.def.ghi');
    assert.equal(readCookie(`theme=dark;${name}=abc;  other=1`, name), 'abc');
  });

  it('ignores a decoy whose name ends or starts with the name', () => {
    assert.equal(readCookie(`o${name}=forged; ${name}_x=forged2`, name), null);
    assert.equal(readCookie(`o${name}=forged; ${name}=real`, name), 'real');
  });

  it('does not treat regex metacharacters in the name specially', () => {
    assert.equal(readCookie('auth_a.b=1; auth_aXb=2', 'auth_aXb'), '2');
    assert.equal(readCookie('auth_aXb=2', 'auth_a.b'), null);
  });

  it('takes the first of duplicate cookies, and reads empty and quoted values', () => {
    assert.equal(readCookie(`${name}=first; ${name}=second`, name), 'first');
    assert.equal(readCookie(`${name}=`, name), null);
    assert.equal(readCookie(`${name}="quoted"`, name), 'quoted');
    assert.equal(readCookie(null, name), null);
    assert.equal(readCookie('garbage;;=;x', name), null);
  });
});

describe('replaceSetCookie', () => {
  it('replaces an earlier Set-Cookie of the same cookie and keeps the others', () => {
    const headers = new Headers();
    headers.append('Set-Cookie', 'a=1; Path=/');
    headers.append('Set-Cookie', 'b=1; Path=/');
    replaceSetCookie(headers, 'a=2; Path=/');
    assert.deepEqual(headers.getSetCookie(), ['b=1; Path=/', 'a=2; Path=/']);
    replaceSetCookie(headers, 'c=1; Path=/');
    assert.deepEqual(headers.getSetCookie(), ['b=1; Path=/', 'a=2; Path=/', 'c=1; Path=/']);
  });
});
