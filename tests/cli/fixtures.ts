/**
 * @module tests/cli/fixtures — backends of the throw-away apps the CLI tests serve.
 */

/** `aws-blocks/helper.ts`: imported by {@link testBackend}; reload tests edit it. */
export function helperSource(suffix: string): string {
  return `export const suffix: string = ${JSON.stringify(suffix)};\n`;
}

/**
 * `aws-blocks/index.ts`: greets (with the helper's suffix, and `greeting` in front), throws an
 * ApiError or a plain Error on demand, sets two cookies, takes a password argument, answers slowly
 * when asked, and tells whether the `ApiError` class it sees is the one the first load saw.
 */
export function testBackend(greeting = 'Hello'): string {
  return `import { ApiError, ApiNamespace, Scope } from '@aws-blocks/blocks';
import { suffix } from './helper.js';

const scope = new Scope('cli-test');
const seen = globalThis as { cliTestFirstApiError?: unknown };
seen.cliTestFirstApiError ??= ApiError;

export const api = new ApiNamespace(scope, 'api', (context) => ({
  async greet(name: string) {
    return { message: \`${greeting}, \${name}\${suffix}\` };
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
`;
}

/** The files of the standard test app. */
export function testAppFiles(): Record<string, string> {
  return { 'aws-blocks/index.ts': testBackend(), 'aws-blocks/helper.ts': helperSource('!') };
}
