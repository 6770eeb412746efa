/**
 * @module tests/adopt/flow — the seed backend's flow over HTTP, as a user of a created app runs it.
 */
import assert from 'node:assert/strict';
import { callRpc, type RpcReply } from '../support/index.js';

/** The session cookie (`name=value`) an answer sets, if any. */
export function sessionCookie(reply: RpcReply): string | undefined {
  const line = reply.setCookies.find((header) => header.startsWith('auth_'));
  return line?.split(';')[0];
}

/** Signs in (the account exists) or up (it does not and sign-up signs in), returning the cookie. */
export async function signInOrUp(
  apiUrl: string,
  action: 'signIn' | 'signUp',
  username: string,
  password: string,
) {
  const reply = await callRpc(apiUrl, 'authApi.setAuthState', [{ action, username, password }]);
  assert.equal(reply.body?.result?.state, 'signedIn', reply.text);
  const cookie = sessionCookie(reply);
  assert.ok(cookie, 'no session cookie');
  return cookie;
}

/** getProfile with the cookie, then sign-out, then the old cookie is refused. */
export async function profileThenSignOut(apiUrl: string, cookie: string, username: string): Promise<void> {
  const profile = await callRpc(apiUrl, 'api.getProfile', [], { cookie });
  assert.equal(profile.body?.result?.username, username, profile.text);
  const out = await callRpc(apiUrl, 'authApi.setAuthState', [{ action: 'signOut' }], { cookie });
  assert.equal(out.body?.result?.state, 'signedOut', out.text);
  const after = await callRpc(apiUrl, 'api.getProfile', [], { cookie });
  assert.equal(after.body?.error?.code, 401, after.text);
  assert.equal(after.body?.error?.data?.name, 'SessionExpiredException');
}
