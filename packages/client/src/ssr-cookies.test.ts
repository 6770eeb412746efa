import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeRequestCookies } from './ssr-cookies.js';

describe('mergeRequestCookies (R-1006)', () => {
  it('sets Cookie when middleware set none', () => {
    assert.deepEqual(mergeRequestCookies({ 'Content-Type': 'application/json' }, 'a=1; b=2'), {
      'Content-Type': 'application/json',
      Cookie: 'a=1; b=2',
    });
  });

  it('keeps cookies middleware set and appends only new names', () => {
    assert.deepEqual(mergeRequestCookies({ Cookie: 'a=mw' }, 'a=req; b=2'), { Cookie: 'a=mw; b=2' });
  });

  it('renames a lowercase cookie key to Cookie', () => {
    const headers = mergeRequestCookies({ cookie: 'x=1' }, 'y=2');
    assert.deepEqual(headers, { Cookie: 'x=1; y=2' });
  });

  it('leaves the header alone when every name is already there', () => {
    assert.deepEqual(mergeRequestCookies({ Cookie: 'a=1; b=2' }, 'b=3;a=4'), { Cookie: 'a=1; b=2' });
  });
});
