// The standard app of the CLI tests. It greets (with the helper's suffix), throws an ApiError or a
// plain Error on demand, sets two cookies and echoes the ones it receives, takes a password argument,
// answers slowly when asked, and tells whether the `ApiError` class it sees is the one the first load
// saw. Reload tests rewrite GREETING and the helper.
import { ApiError, ApiNamespace, Scope } from '@aws-blocks/blocks';
import { suffix } from './helper.js';

const GREETING = 'Hello';

const scope = new Scope('cli-test');
const seen = globalThis as { cliTestFirstApiError?: unknown };
seen.cliTestFirstApiError ??= ApiError;

export const api = new ApiNamespace(scope, 'api', (context) => ({
  async greet(name: string) {
    return { message: `${GREETING}, ${name}${suffix}` };
  },
  async refuse() {
    throw new ApiError('Not allowed here', 403, { name: 'ForbiddenException' });
  },
  async crash() {
    throw new Error('disk full at /var/lib/internal');
  },
  async twoCookies() {
    context.response.headers.append('Set-Cookie', 'first=1; Path=/; HttpOnly');
    context.response.headers.append('Set-Cookie', 'second=2; Path=/');
    return true;
  },
  async forgetFirstCookie() {
    context.response.headers.append('Set-Cookie', 'first=; Max-Age=0; Path=/');
    return true;
  },
  async receivedCookies() {
    return context.request.headers.get('cookie');
  },
  async signIn(username: string, password: string) {
    return { username, accepted: password.length > 0 };
  },
  async packagesLoadedOnce() {
    return seen.cliTestFirstApiError === ApiError;
  },
  async slow(ms: number) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return 'finished';
  },
}));
