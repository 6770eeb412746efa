// Bad input to setAuthState over real HTTP: every malformed action answers a state with a named error
// (ARCHITECTURE D-12, D-17), never an HTTP 500 or a JSON-RPC error, and stores no partial account.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD } from './apps.js';
import { type AuthFixture, startAuthApp } from './fixture.js';
import {
  Errors,
  errorOf,
  expectConfirmingSignUp,
  expectSignedIn,
  expectSignedOut,
  resultOf,
} from './states.js';
import { engines, randomId, readCodes } from './support.js';

const ONE_MB = 'x1'.repeat(512 * 1024);

for (const engine of engines()) {
  describe(`AuthBasic bad input (${engine.name})`, { skip: engine.skip }, () => {
    let app: AuthFixture;
    before(async () => {
      app = await startAuthApp(engine, { codeDelivery: true });
    });
    after(async () => {
      await app?.close();
    });

    async function expectNamed(input: unknown, names: string[], label: string): Promise<void> {
      const b = app.browser();
      const reply = await b.call('authApi.setAuthState', input);
      const state = resultOf(reply);
      assert.ok(
        names.includes(state.errorName),
        `${label}: expected ${names.join('|')}, got ${JSON.stringify(state).slice(0, 300)}`,
      );
      assert.equal(typeof state.error, 'string', label);
      assert.equal(state.state, 'signedOut', label);
      assert.equal(b.jar.size, 0, `${label}: no session cookie`);
    }

    it('refuses malformed usernames with InvalidParameterException and stores nothing (D-12)', async () => {
      const prefix = `bad-${randomId()}`;
      const cases: [string, unknown][] = [
        ['number', 12345],
        ['object', { name: prefix }],
        ['array', [prefix]],
        ['null', null],
        ['missing', undefined],
        ['empty', ''],
        ['blank', '   '],
        ['control character', `${prefix}\u0000x`],
        ['newline', `${prefix}\nx`],
        ['over 128 characters', `${prefix}${'a'.repeat(129)}`],
      ];
      for (const action of ['signUp', 'signIn', 'resetPassword']) {
        for (const [label, username] of cases) {
          await expectNamed(
            { action, username, password: PASSWORD },
            [Errors.InvalidParameter],
            `${action} ${label}`,
          );
        }
      }
      const keys = resultOf(await app.browser().call('testApi.userKeys', prefix));
      assert.deepEqual(keys, []);
      const delivered = await readCodes(app.app.codesFile);
      assert.deepEqual(
        delivered.filter((entry) => entry.u.startsWith(prefix)),
        [],
      );
    });

    it('refuses malformed passwords with a named error and stores nothing', async () => {
      const username = `pw-${randomId()}`;
      const typed: [string, unknown][] = [
        ['number', 12345678],
        ['object', { value: PASSWORD }],
        ['array', [PASSWORD]],
        ['null', null],
        ['missing', undefined],
        ['boolean', true],
      ];
      for (const [label, password] of typed) {
        await expectNamed(
          { action: 'signUp', username, password },
          [Errors.InvalidParameter],
          `signUp ${label}`,
        );
        await expectNamed(
          { action: 'signIn', username, password },
          [Errors.InvalidParameter],
          `signIn ${label}`,
        );
      }
      await expectNamed(
        { action: 'signUp', username, password: '' },
        [Errors.InvalidParameter, Errors.InvalidPassword],
        'signUp empty',
      );
      await expectNamed(
        { action: 'signIn', username, password: '' },
        [Errors.InvalidParameter, Errors.InvalidCredentials],
        'signIn empty',
      );
      await expectNamed(
        { action: 'signUp', username, password: `${'a1'.repeat(150)}` },
        [Errors.InvalidPassword],
        'signUp over maxLength (D-11)',
      );
      await expectNamed(
        { action: 'signUp', username, password: ONE_MB },
        [Errors.InvalidPassword, Errors.InvalidParameter],
        'signUp 1 MB',
      );
      await expectNamed(
        { action: 'signIn', username, password: ONE_MB },
        [Errors.InvalidCredentials, Errors.InvalidParameter],
        'signIn 1 MB',
      );
      assert.deepEqual(resultOf(await app.browser().call('testApi.userKeys', username)), []);
      assert.deepEqual(await app.codes(username), []);
    });

    it('refuses malformed codes and new passwords with a named error and keeps the account pending', async () => {
      const username = `code-${randomId()}`;
      const b = app.browser();
      expectConfirmingSignUp(
        await b.setAuthState({ action: 'signUp', username, password: PASSWORD }),
        username,
      );
      const code = await app.nextCode(username, 0);
      const codes: [string, unknown][] = [
        ['number', Number(code)],
        ['object', { code }],
        ['null', null],
        ['missing', undefined],
        ['empty', ''],
        ['over-long', code.repeat(200)],
      ];
      for (const [label, bad] of codes) {
        await expectNamed(
          { action: 'confirmSignUp', username, code: bad, password: PASSWORD },
          [Errors.InvalidParameter, Errors.InvalidCode],
          `confirmSignUp code ${label}`,
        );
      }
      await expectNamed(
        { action: 'confirmSignUp', username: 42, code, password: PASSWORD },
        [Errors.InvalidParameter],
        'confirmSignUp username number',
      );
      expectSignedIn(
        await b.setAuthState({ action: 'confirmSignUp', username, code, password: PASSWORD }),
        username,
      );

      resultOf(await app.browser().setAuthState({ action: 'resetPassword', username }));
      const resetCode = await app.nextCode(username, 1);
      for (const [label, newPassword] of [
        ['number', 12345678],
        ['missing', undefined],
        ['1 MB', ONE_MB],
      ] as [string, unknown][]) {
        await expectNamed(
          { action: 'confirmResetPassword', username, code: resetCode, newPassword },
          [Errors.InvalidParameter, Errors.InvalidPassword],
          `confirmResetPassword newPassword ${label}`,
        );
      }
      expectSignedIn(
        await app.browser().setAuthState({ action: 'signIn', username, password: PASSWORD }),
        username,
      );
    });

    it('answers bad input to the server methods with 400 InvalidParameterException, never a 500', async () => {
      const b = app.browser();
      const username = `srv-${randomId()}`;
      const calls: [string, unknown[]][] = [
        ['testApi.signIn', [12345, PASSWORD]],
        ['testApi.signIn', [username, 12345]],
        ['testApi.signIn', [{ username }, PASSWORD]],
        ['testApi.signIn', ['', PASSWORD]],
        ['testApi.signUp', [username, null]],
        ['testApi.signUp', [`${username}${'a'.repeat(129)}`, PASSWORD]],
        ['testApi.signUp', [[username], PASSWORD]],
      ];
      for (const [method, params] of calls) {
        const error = errorOf(await b.call(method, ...params));
        assert.equal(error.code, 400, `${method} ${JSON.stringify(params).slice(0, 80)}`);
        assert.deepEqual(error.data, { name: Errors.InvalidParameter });
      }
      const huge = errorOf(await b.call('testApi.signIn', username, ONE_MB));
      assert.ok(huge.code === 400 || huge.code === 401, `1 MB password: ${huge.code}`);
      assert.deepEqual(resultOf(await b.call('testApi.userKeys', username)), []);
    });

    it('refuses the nested {action, data} shape and non-object inputs without a 500', async () => {
      const username = `nest-${randomId()}`;
      for (const action of ['signUp', 'signIn']) {
        await expectNamed(
          { action, data: { username, password: PASSWORD } },
          [Errors.InvalidParameter],
          `${action} nested`,
        );
      }
      assert.deepEqual(resultOf(await app.browser().call('testApi.userKeys', username)), []);

      for (const input of ['signIn', 42, true, null, [{ action: 'signIn', username, password: PASSWORD }]]) {
        await expectNamed(input, [Errors.InvalidParameter], `input ${JSON.stringify(input)}`);
      }
      for (const params of [[], [{}], [{ action: 42 }], [{ action: null }]]) {
        const reply = await app.browser().call('authApi.setAuthState', ...params);
        const state = resultOf(reply);
        assert.equal(state.state, 'signedOut', JSON.stringify(params));
        assert.equal(typeof state.error, 'string', JSON.stringify(params));
      }
      expectSignedOut(await app.browser().getAuthState(), true);
    });
  });
}
