/**
 * @module tests/auth/fixture-app — the backend every AuthBasic end-to-end test serves (copied into a
 * throw-away app folder; see `tests/auth/apps.ts`). Configured through the environment, so it is one
 * real file the typecheck sees:
 * - `AUTH_FIXTURE_SCOPE`: the scope id (a fresh one per app, so PostgreSQL tables never collide);
 * - `AUTH_FIXTURE_SESSION_DURATION`: session lifetime in seconds (default 3600);
 * - `AUTH_FIXTURE_CODES=1`: `codeDelivery` appends `{"u":…,"c":…}` lines to `CODES_FILE` (and hangs
 *   while `<CODES_FILE>.hold` exists: a server killed mid-delivery);
 * - `AUTH_FIXTURE_ACCOUNT_ACTIONS=1`: `accountActions: true`.
 * The block's clock is the real one plus an offset that `testApi.advanceClock(seconds)` moves, so
 * tests check lock ends, resend waits and expiry without waiting real seconds.
 * Policy: 8 characters and a digit; lockout and code waits of 30 s, which tests skip with the clock. `testApi`
 * exposes server methods, the admin API and the users store to the tests (a real app would never
 * expose these without its own authorization).
 */
import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { AuthBasic } from '@aws-blocks/bb-auth-basic';
import { KVStore } from '@aws-blocks/bb-kv-store';
import { ApiNamespace, Scope } from '@aws-blocks/blocks';

const env = process.env;
const scope = new Scope(env.AUTH_FIXTURE_SCOPE ?? 'fixture');

async function deliverToFile(username: string, code: string): Promise<void> {
  if (existsSync(`${env.CODES_FILE}.hold`)) await new Promise(() => {});
  await appendFile(env.CODES_FILE as string, `${JSON.stringify({ u: username, c: code })}\n`);
}

let clockOffsetMs = 0;

const auth = new AuthBasic(scope, 'auth', {
  clock: () => Date.now() + clockOffsetMs,
  sessionDuration: Number(env.AUTH_FIXTURE_SESSION_DURATION ?? 3600),
  passwordPolicy: { minLength: 8, requireDigits: true },
  // Waits long enough that a loaded machine never outlasts them by accident; tests move the clock.
  lockout: { maxFailures: 3, baseSeconds: 30, maxSeconds: 60 },
  codeAttempts: 3,
  codeResendSeconds: 30,
  pendingSignUpSeconds: 60,
  ...(env.AUTH_FIXTURE_CODES === '1' ? { codeDelivery: deliverToFile, codeDeliveryTimeoutSeconds: 2 } : {}),
  ...(env.AUTH_FIXTURE_ACCOUNT_ACTIONS === '1' ? { accountActions: true } : {}),
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
  async advanceClock(seconds: number) {
    clockOffsetMs += seconds * 1000;
    return clockOffsetMs;
  },
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
