import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSensitiveKey, REDACTED, redact } from './redact.js';
import { parameterNames, redactArguments } from './rpc/param-names.js';

describe('redact (R-1105)', () => {
  it('hides values under sensitive keys, case-insensitively, at any depth', () => {
    assert.deepEqual(
      redact({
        username: 'alice',
        Password: 'p',
        newPassword: 'p',
        sessionId: 's',
        accessToken: 't',
        clientSecret: 's',
        credentials: { a: 1 },
        xApiKey: 'k',
        Authorization: 'Bearer x',
        code: '123456',
        nested: [{ token: 't', keep: 1 }],
      }),
      {
        username: 'alice',
        Password: REDACTED,
        newPassword: REDACTED,
        sessionId: REDACTED,
        accessToken: REDACTED,
        clientSecret: REDACTED,
        credentials: REDACTED,
        xApiKey: REDACTED,
        Authorization: REDACTED,
        code: REDACTED,
        nested: [{ token: REDACTED, keep: 1 }],
      },
    );
  });

  it('matches code only exactly', () => {
    assert.equal(isSensitiveKey('code'), true);
    assert.equal(isSensitiveKey('zipcode'), false);
    assert.equal(isSensitiveKey('codeDelivery'), false);
  });

  it('keeps null and undefined values', () => {
    assert.deepEqual(redact({ password: null, token: undefined }), { password: null, token: undefined });
  });

  it('hides the defaultValue of a field named after a sensitive key', () => {
    assert.deepEqual(
      redact({
        fields: [
          { name: 'username', defaultValue: 'alice' },
          { name: 'password', defaultValue: 'pw', label: 'Password' },
          { name: 'code', defaultValue: '1' },
        ],
      }),
      {
        fields: [
          { name: 'username', defaultValue: 'alice' },
          { name: 'password', defaultValue: REDACTED, label: 'Password' },
          { name: 'code', defaultValue: REDACTED },
        ],
      },
    );
  });

  it('leaves primitives alone, copies rather than mutates, and survives cycles', () => {
    assert.equal(redact('x'), 'x');
    const input: Record<string, unknown> = { password: 'p' };
    input.self = input;
    const out = redact(input) as Record<string, unknown>;
    assert.equal(input.password, 'p');
    assert.deepEqual(out, { password: REDACTED, self: '[Circular]' });
  });
});

describe('positional argument redaction', () => {
  it('reads parameter names of methods, functions and arrows', () => {
    const api = {
      async signIn(username: string, password: string) {
        return [username, password];
      },
      arrow: (a: number, { b }: { b: number }, ...rest: number[]) => [a, b, rest],
      single: (token: string) => token,
    };
    assert.deepEqual(parameterNames(api.signIn), ['username', 'password']);
    assert.deepEqual(parameterNames(api.arrow as never), ['a', null, 'rest']);
    assert.deepEqual(parameterNames(api.single as never), ['token']);
  });

  it('redacts arguments by parameter name and by content', () => {
    const confirm = (username: string, code: string, input: { newPassword: string }) => [
      username,
      code,
      input,
    ];
    assert.deepEqual(redactArguments(confirm as never, ['alice', '123', { newPassword: 'x' }]), [
      'alice',
      REDACTED,
      { newPassword: REDACTED },
    ]);
  });
});
