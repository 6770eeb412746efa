/**
 * @module tests/auth/apps — backends of the throw-away apps the AuthBasic end-to-end tests run.
 */
import { randomId } from './support.js';

/** Options of {@link authAppSource}. */
export interface AuthAppSpec {
  /** Configure `codeDelivery` (appends each code to `process.env.CODES_FILE`). */
  codeDelivery?: boolean;
  /** Extra AuthBasic options, as TypeScript source, e.g. `accountActions: true,`. */
  extraOptions?: string;
  /** Session lifetime in seconds (default 3600). */
  sessionDuration?: number;
}

/** A generated app backend and the names the tests need. */
export interface AuthAppSource {
  readonly source: string;
  readonly scopeId: string;
  /** The AuthBasic block's fullId, `<scopeId>-auth`. */
  readonly fullId: string;
  /** `auth_<fullId>` */
  readonly cookieName: string;
}

/** The password every test user gets unless a test says otherwise (meets the policy below). */
export const PASSWORD = 'correct-horse-42';

/**
 * An app with AuthBasic (policy: 8 characters and a digit; short lockout and code waits so tests
 * stay quick), the R-210 `api.getProfile`, `authApi`, and `testApi`, which exposes server methods, the
 * admin API and the users store to the tests (a real app would never expose these without its own
 * authorization).
 */
export function authAppSource(spec: AuthAppSpec = {}): AuthAppSource {
  const scopeId = `t${randomId()}`;
  const fullId = `${scopeId}-auth`;
  const delivery = spec.codeDelivery
    ? `codeDelivery: async (username: string, code: string) => {
      // While \`<CODES_FILE>.hold\` exists, deliveries hang (a server killed mid-delivery).
      if (existsSync(\`\${process.env.CODES_FILE}.hold\`)) await new Promise(() => {});
      await appendFile(process.env.CODES_FILE as string, \`\${JSON.stringify({ u: username, c: code })}\\n\`);
    },
  codeDeliveryTimeoutSeconds: 2,`
    : '';
  const source = `import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { ApiNamespace, Scope } from '@aws-blocks/blocks';
import { AuthBasic } from '@aws-blocks/bb-auth-basic';
import { KVStore } from '@aws-blocks/bb-kv-store';

const scope = new Scope(${JSON.stringify(scopeId)});
const auth = new AuthBasic(scope, 'auth', {
  sessionDuration: ${spec.sessionDuration ?? 3600},
  passwordPolicy: { minLength: 8, requireDigits: true },
  lockout: { maxFailures: 3, baseSeconds: 2, maxSeconds: 4 },
  codeAttempts: 3,
  codeResendSeconds: 2,
  pendingSignUpSeconds: 2,
  ${delivery}
  ${spec.extraOptions ?? ''}
});

// The same table AuthBasic keeps its users in (<app>-auth-users), opened by the test app itself.
const users = new KVStore<unknown>(new Scope('auth', { parent: scope }), 'users');

export const api = new ApiNamespace(scope, 'api', (context) => ({
  async getProfile() {
    const user = await auth.requireAuth(context);
    return { username: user.username, createdAt: user.createdAt };
  },
}));

export const authApi = auth.createApi();

export const testApi = new ApiNamespace(scope, 'testApi', (context) => ({
  async signIn(username: unknown, password: unknown) {
    const user = await auth.signIn(username as string, password as string, context);
    return { username: user.username };
  },
  async signUp(username: unknown, password: unknown) {
    await auth.signUp(username as string, password as string);
    return true;
  },
  async signOutEverywhere() {
    await auth.signOut(context, { everywhere: true });
    return true;
  },
  async changePassword(currentPassword: string, newPassword: string) {
    await auth.changePassword(context, currentPassword, newPassword);
    return true;
  },
  async deleteAccount(password: string) {
    await auth.deleteAccount(context, password);
    return true;
  },
  async listSessions() {
    return auth.listSessions(context);
  },
  async revokeSession(id: string) {
    return auth.revokeSession(context, id);
  },
  async rotateSigningKey() {
    return auth.rotateSigningKey();
  },
  async adminUsers(prefix: string) {
    return (await auth.admin.listUsers({ prefix })).users;
  },
  async adminDisable(username: string) {
    return auth.admin.disableUser(username);
  },
  async adminEnable(username: string) {
    return auth.admin.enableUser(username);
  },
  async adminEndSessions(username: string) {
    return auth.admin.endSessions(username);
  },
  async adminDelete(username: string) {
    return auth.admin.deleteUser(username);
  },
  async userKeys(prefix: string) {
    const keys: string[] = [];
    for await (const item of users.scan({ prefix })) keys.push(item.key);
    return keys;
  },
  async userRecord(key: string) {
    return users.get(key);
  },
  async putUserRecord(key: string, value: unknown) {
    await users.put(key, value);
    return true;
  },
}));
`;
  return { source, scopeId, fullId, cookieName: `auth_${fullId}` };
}
