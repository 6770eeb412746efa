import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthBasicErrors } from './errors.js';
import { canonicalUsername, MAX_USERNAME_LENGTH } from './username.js';

function refusal(input: unknown, caseSensitive = false): string {
  try {
    canonicalUsername(input, caseSensitive);
  } catch (error) {
    assert.equal((error as Error).name, AuthBasicErrors.InvalidParameter);
    assert.equal((error as { status: number }).status, 400);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('canonicalUsername (D-12)', () => {
  it('trims, NFKC-normalises and lower-cases', () => {
    assert.equal(canonicalUsername('  Alice  ', false), 'alice');
    assert.equal(canonicalUsername('ＡＬＩＣＥ', false), 'alice');
    assert.equal(canonicalUsername('ﬁne', false), 'fine');
    assert.equal(canonicalUsername('Ünïcödé@Example.COM', false), 'ünïcödé@example.com');
  });

  it('keeps case when usernameCaseSensitive', () => {
    assert.equal(canonicalUsername(' Alice ', true), 'Alice');
    assert.equal(canonicalUsername('ＡＢ', true), 'AB');
  });

  it('maps the precomposed and decomposed forms of a name to one account', () => {
    assert.equal(canonicalUsername('e\u0301mile', false), canonicalUsername('\u00e9mile', false));
  });

  it('refuses non-strings', () => {
    for (const input of [42, null, undefined, {}, ['a'], true]) refusal(input);
  });

  it('refuses empty and blank names', () => {
    refusal('');
    refusal('   \t ');
  });

  it('refuses control characters and line separators', () => {
    for (const input of ['a\u0000b', 'a\nb', 'a\u007fb', 'a\u0085b', 'a\u2028b']) refusal(input);
  });

  it('refuses lone surrogates', () => {
    refusal('a\ud800b');
  });

  it('accepts exactly 128 characters and refuses 129, counting code points', () => {
    assert.equal(canonicalUsername('a'.repeat(MAX_USERNAME_LENGTH), false).length, 128);
    refusal('a'.repeat(MAX_USERNAME_LENGTH + 1));
    assert.equal([...canonicalUsername('😀'.repeat(128), false)].length, 128);
    refusal('😀'.repeat(129));
    refusal('a'.repeat(1_000_000));
  });

  it('never echoes the input in the error', () => {
    const message = refusal(`secret-looking-${'x'.repeat(200)}`);
    assert.ok(!message.includes('secret-looking'));
  });

  it('refuses format characters: zero-width, bidi controls, soft hyphen (Cf)', () => {
    for (const input of ['alice\u200b', '\u202eevil', 'al\u200dice', 'bob\u2066', 'so\u00adft', 'a\u2060b']) {
      refusal(input);
    }
  });

  it('refuses names made only of combining marks', () => {
    refusal('\u0301\u0302\u0303');
    refusal(' \u20dd ');
    assert.equal(canonicalUsername('e\u0301', false), '\u00e9', 'a base letter with a mark is fine');
  });

  it('refuses private-use and unassigned code points', () => {
    refusal('a\ue000b');
    refusal('a\u{10ffff}b');
    refusal('a\u0378b');
  });

  it('refuses names mixing Latin, Cyrillic and Greek letters (lookalikes)', () => {
    refusal('\u0430lice');
    refusal('p\u0430ypal');
    refusal('\u03bfscar');
    assert.equal(canonicalUsername('\u0430\u043b\u0438\u0441\u0430', false), 'алиса', 'one script is fine');
    assert.equal(canonicalUsername('alice-42@example.com', false), 'alice-42@example.com');
    assert.equal(canonicalUsername('\u7530\u4e2d', false), '田中');
  });
});
