// Copied next to the generated TypeScript AuthBasic client (fixture 17), type-checked with it by tsc,
// then run against a live sandbox. Reports what it saw; the test asserts.
import { Api, Blocks, BlocksClient, BlocksError, CookieJar, isBlocksError } from './index.js';

async function errorName(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'none';
  } catch (error) {
    return error instanceof BlocksError
      ? `${error.errorName}/${error.code}/${isBlocksError(error, error.errorName ?? '')}`
      : String(error);
  }
}

/** Signs up, in and out through the generated client and reports each observation. */
export async function drive(url: string, user: string): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  const password = 'correct-horse-42';
  const host = new URL(url).host;
  const blocks = new Blocks({ url });
  seen.signUp = (await blocks.authApi.setAuthState({ action: 'signUp', username: user, password })).state;
  await blocks.authApi.setAuthState({ action: 'signOut' });
  const signedIn = await blocks.authApi.setAuthState({ action: 'signIn', username: user, password });
  seen.signIn = signedIn.state;
  seen.user = signedIn.user?.username ?? 'none';
  seen.profile = (await blocks.api.getProfile()).username;
  const copied = blocks.client.cookieJar.header(host, false) ?? '';
  seen.cookieName = copied.slice(0, copied.indexOf('='));
  await blocks.authApi.setAuthState({ action: 'signOut', everywhere: false });
  seen.cookieAfterSignOut = String(blocks.client.cookieJar.header(host, false));
  const thief = new BlocksClient({ url });
  thief.cookieJar.set(host, seen.cookieName, copied.slice(copied.indexOf('=') + 1));
  seen.copiedCookie = await errorName(() => new Api(thief).getProfile());
  const wrong = await blocks.authApi.setAuthState({
    action: 'signIn',
    username: user,
    password: 'wrong-password-9',
  });
  seen.wrongPassword = wrong.errorName ?? 'none';
  let now = 1_000_000;
  const jar = new CookieJar(() => now);
  jar.receive('h', 'a=b; Max-Age=10');
  seen.jarLive = String(jar.get('h', 'a'));
  now += 11_000;
  seen.jarExpired = String(jar.get('h', 'a'));
  jar.receive('h', 'c=d');
  jar.receive('h', 'c=; Max-Age=0');
  seen.jarMaxAgeZero = String(jar.get('h', 'c'));
  return seen;
}
