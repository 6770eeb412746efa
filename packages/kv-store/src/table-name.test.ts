import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prefixUpperBound } from './key-range.js';
import { expiryIndexName, isValidTableName, SETTINGS_TABLE, storeTableName } from './table-name.js';

describe('storeTableName', () => {
  it('uses kv_<fullId> for plain lower-case ids', () => {
    assert.equal(storeTableName('my-app-auth-users'), 'kv_my-app-auth-users');
    assert.equal(storeTableName('a_b-9'), 'kv_a_b-9');
  });

  it('hashes ids with other characters, upper case or too many bytes, and never collides with a plain id', () => {
    const upper = storeTableName('My-App');
    const lower = storeTableName('my-app');
    assert.notEqual(upper.toLowerCase(), lower.toLowerCase(), 'distinct even where names ignore case');
    assert.match(upper, /^kv_my-app#[0-9a-f]{10}$/);
    assert.match(storeTableName('a.b'), /^kv_a_b#/);
    assert.notEqual(storeTableName('a.b'), storeTableName('a_b'));
    const long = storeTableName('x'.repeat(200));
    assert.ok(Buffer.byteLength(long) <= 63);
    assert.notEqual(long, storeTableName(`${'x'.repeat(199)}y`));
    assert.ok(Buffer.byteLength(storeTableName('é'.repeat(100))) <= 63);
    assert.notEqual(storeTableName('x'.repeat(60)), SETTINGS_TABLE);
    for (const id of ['a', 'My-App', 'é'.repeat(100), 'x'.repeat(200), 'q"uote']) {
      assert.ok(isValidTableName(storeTableName(id)), id);
    }
  });

  it('derives index names within the identifier limit', () => {
    assert.equal(expiryIndexName('kv_users'), 'kv_users#exp');
    const long = storeTableName('x'.repeat(200));
    assert.ok(Buffer.byteLength(expiryIndexName(long)) <= 63);
    assert.notEqual(expiryIndexName(long), long);
  });
});

describe('prefixUpperBound', () => {
  it('increments the last code point', () => {
    assert.equal(prefixUpperBound('abc'), 'abd');
    assert.equal(prefixUpperBound('user:'), 'user;');
    assert.equal(prefixUpperBound('é'), 'ê');
    assert.equal(prefixUpperBound('😀'), '😁');
  });

  it('skips surrogates and carries past the last code point', () => {
    assert.equal(prefixUpperBound('\uD7FF'), '\uE000');
    assert.equal(prefixUpperBound('a\u{10FFFF}'), 'b');
    assert.equal(prefixUpperBound('\u{10FFFF}'), null);
    assert.equal(prefixUpperBound(''), null);
  });
});
