// Copied next to the generated TypeScript AuthBasic client (fixture 17), type-checked with it by tsc,
// then run against a live sandbox. Reports what it saw; the test asserts.
import {
  Api,
  Blocks,
  BlocksError,
  type Cookie,
  CookieJar,
  type CookieStore,
  ErrorNames,
  isBlocksError,
  SetAuthStateInputSignIn,
} from './index.js';

async function errorName(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'none';
  } catch (error) {
    return error instanceof BlocksError
      ? `${error.errorName}/${error.code}/${isBlocksError(error, ErrorNames.SessionExpiredException)}`
      : String(error);
  }
}

/** Signs up, in and out through the generated client and reports each observation. */
export async function drive(url: string, user: string): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  const password = 'correct-horse-42';
  const blocks = new Blocks({ url });
  seen.signUp = (await blocks.authApi.setAuthState({ action: 'signUp', username: user, password })).state;
  await blocks.authApi.setAuthState({ action: 'signOut' });
  // A literal (sign-up above) and the redacting class are both accepted.
  const signedIn = await blocks.authApi.setAuthState(
    new SetAuthStateInputSignIn({ username: user, password }),
  );
  seen.signIn = signedIn.state;
  seen.user = signedIn.user?.username ?? 'none';
  seen.profile = (await blocks.api.getProfile()).username;
  // The session cookie (a device cookie, D-14, stays after sign-out on purpose).
  const copied = blocks.client.cookieJar
    .cookies()
    .find((c) => c.name.startsWith('auth_') && !c.name.endsWith('_device'));
  seen.cookieName = copied?.name ?? 'none';
  seen.cookieSecure = String(copied?.secure);
  await blocks.authApi.setAuthState({ action: 'signOut', everywhere: false });
  seen.cookieAfterSignOut = String(
    blocks.client.cookieJar.cookies().find((c) => c.name === copied?.name)?.value,
  );
  seen.afterSignOut = await errorName(() => blocks.api.getProfile());
  const thief = new Blocks({ url });
  if (copied) thief.client.cookieJar.put(copied);
  seen.copiedCookie = await errorName(() => new Api(thief.client).getProfile());
  const wrong = await blocks.authApi.setAuthState({
    action: 'signIn',
    username: user,
    password: 'wrong-password-9',
  });
  seen.wrongPassword = wrong.errorName ?? 'none';
  try {
    new Blocks({ url: 'localhost:3001' });
    seen.badUrl = 'accepted';
  } catch (error) {
    seen.badUrl = error instanceof TypeError ? 'rejected' : String(error);
  }

  let now = 1_000_000;
  let saved: readonly Cookie[] = [];
  const store: CookieStore = { load: () => saved, save: (cookies) => (saved = cookies) };
  const jar = new CookieJar(store, () => now);
  const site = 'http://h.test/aws-blocks/api';
  jar.receive(site, 'a=b; Max-Age=10');
  seen.jarLive = String(jar.get(site, 'a'));
  now += 11_000;
  seen.jarExpired = String(jar.get(site, 'a'));
  jar.receive(site, 'c=d');
  jar.receive(site, 'c=; Max-Age=0');
  seen.jarMaxAgeZero = String(jar.get(site, 'c'));
  jar.receive(site, 's=t; Secure; Path=/');
  seen.jarSecure = `${jar.get(site, 's')}/${jar.get('https://h.test/', 's')}`;
  jar.receive(site, 'p=1; Path=/aws-blocks/api');
  seen.jarPath = `${jar.get('http://h.test/aws-blocks/api/x', 'p')}/${jar.get('http://h.test/aws-blocks/apix', 'p')}`;
  jar.receive('http://api.h.test/', 'd=1; Domain=h.test');
  jar.receive('http://api.h.test/', 'ho=1');
  seen.jarDomain = `${jar.get('http://www.h.test/', 'd')}/${jar.get('http://www.h.test/', 'ho')}`;
  jar.receive(site, 'x=1; Domain=evil.test');
  seen.jarForeign = String(jar.get('http://evil.test/', 'x'));
  seen.jarPersisted = String(new CookieJar(store, () => now).get('https://h.test/', 's'));
  return seen;
}
