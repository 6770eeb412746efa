// Apps' own unit tests build BlocksContexts by hand, often without `request.url` (and without the
// other request fields a server fills in). Sign-in and sign-out must work with them, as plain HTTP to
// loopback: no TypeError, cookies without Secure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BlocksContext } from '@blockyard/core';
import { makeAuth, stateApi } from './test-support/harness.js';

const PASSWORD = 'correct-horse-42';

/** A context as an app's unit test writes it: headers and a response, nothing else. */
function bareContext(cookie?: string): BlocksContext & { setCookies(): string[] } {
  const response = { headers: new Headers() };
  const request = { headers: new Headers(cookie ? { cookie } : {}) };
  return {
    request,
    response,
    setCookies: () => response.headers.getSetCookie(),
  } as unknown as BlocksContext & {
    setCookies(): string[];
  };
}

const pair = (line: string | undefined) => (line ?? '').split(';')[0] ?? '';

describe('hand-made contexts without request.url', () => {
  it('sign in and sign out as plain HTTP to loopback', async () => {
    const h = await makeAuth({ scopeId: 'bare' });
    try {
      await h.auth.signUp('alice', PASSWORD);
      const signIn = bareContext();
      const user = await h.auth.signIn('alice', PASSWORD, signIn);
      assert.equal(user.username, 'alice');
      const [session, device] = signIn.setCookies();
      assert.match(session ?? '', /^auth_bare-auth=[^;]+; HttpOnly; SameSite=Lax; Max-Age=86400; Path=\/$/);
      assert.match(
        device ?? '',
        /^auth_bare-auth_device=[^;]+; HttpOnly; SameSite=Lax; Max-Age=\d+; Path=\/$/,
      );

      const signedIn = bareContext(pair(session));
      assert.equal((await h.auth.requireAuth(signedIn)).username, 'alice');
      const signOut = bareContext(pair(session));
      await h.auth.signOut(signOut);
      assert.deepEqual(signOut.setCookies(), ['auth_bare-auth=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax']);
      assert.equal(await h.auth.getCurrentUser(bareContext(pair(session))), null, 'the session ended');
    } finally {
      await h.close();
    }
  });

  it('sign in as plain HTTP in the sandbox too (its Secure rule reads the protocol)', async () => {
    const stage = process.env.BLOCKS_STAGE;
    process.env.BLOCKS_STAGE = 'sandbox';
    const h = await makeAuth({ scopeId: 'bare-sandbox' });
    try {
      await h.auth.signUp('carol', PASSWORD);
      const signIn = bareContext();
      assert.equal((await h.auth.signIn('carol', PASSWORD, signIn)).username, 'carol');
      assert.doesNotMatch(signIn.setCookies()[0] ?? '', /Secure/);
    } finally {
      if (stage === undefined) delete process.env.BLOCKS_STAGE;
      else process.env.BLOCKS_STAGE = stage;
      await h.close();
    }
  });

  it('the state machine signs in and out without an InternalError', async () => {
    const h = await makeAuth({ scopeId: 'bare-state' });
    try {
      await h.auth.signUp('bob', PASSWORD);
      const signIn = bareContext();
      const state = await stateApi(h.auth, signIn).setAuthState({
        action: 'signIn',
        username: 'bob',
        password: PASSWORD,
      });
      assert.equal(state.state, 'signedIn');
      assert.equal(state.errorName, undefined);
      const signOut = bareContext(pair(signIn.setCookies()[0]));
      const out = await stateApi(h.auth, signOut).setAuthState({ action: 'signOut' });
      assert.equal(out.state, 'signedOut');
      assert.equal(out.errorName, undefined);
    } finally {
      await h.close();
    }
  });
});
