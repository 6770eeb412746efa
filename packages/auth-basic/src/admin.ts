import { isIntegerIn } from '@blockyard/core/block';
import { MAX_KEY_BYTES } from '@blockyard/kv-store';
import { validateKey } from '@blockyard/kv-store/engine';
import { invalidParameter } from './errors.js';
import { removeAccount } from './flows/account.js';
import { checkInput, passwordInput, requirePolicy, usernameInput } from './flows/inputs.js';
import { endAllSessions, endSessionsWith, type SessionInfo, toSessionInfo } from './flows/sessions.js';
import { createAccount } from './flows/sign-up.js';
import type { AuthRuntime } from './runtime.js';
import type { UserRecord } from './user-store.js';

/** A user as the admin API reports it. */
export interface AdminUser {
  userId: string;
  username: string;
  createdAt: string;
  /** False while the account awaits its sign-up code. */
  confirmed: boolean;
  /** True while an administrator has disabled it. */
  disabled: boolean;
}

/** Options of {@link AuthBasicAdmin.listUsers}. */
export interface ListUsersOptions {
  /** Most users returned (1…1000, default 100). */
  limit?: number;
  /** Continue after this username (the `next` of the previous page). */
  after?: string;
  /** Only usernames starting with this text. */
  prefix?: string;
}

/** A page of {@link AuthBasicAdmin.listUsers}. */
export interface UserPage {
  users: AdminUser[];
  /** Pass as `after` to get the next page; absent on the last page. */
  next?: string;
}

/** Options of {@link AuthBasicAdmin.createUser}. */
export interface CreateUserOptions {
  /** Create the account already confirmed (default true). */
  confirmed?: boolean;
}

/**
 * Checks a page token or prefix the caller passes back before the store sees it: a non-empty string
 * the store accepts as a key. The store would refuse a bad one too, but with its own error name.
 */
function storeKeyInput(value: unknown, what: string): asserts value is string {
  try {
    validateKey(value, what);
  } catch (error) {
    const expected = `a non-empty, well-formed string of at most ${MAX_KEY_BYTES} UTF-8 bytes`;
    throw invalidParameter(`${what} must be ${expected}`, error);
  }
}

function toAdminUser(username: string, record: UserRecord): AdminUser {
  return {
    userId: username,
    username,
    createdAt: record.createdAt,
    confirmed: record.unconfirmed !== true,
    disabled: record.disabled === true,
  };
}

/**
 * Server-side user administration for one AuthBasic block (D-18), for admin scripts and for an app's
 * own admin namespace. It is not exposed over RPC by itself: an app that offers it must gate it with
 * its own authorization. Usernames are canonicalised as everywhere else.
 */
export class AuthBasicAdmin {
  readonly #rt: AuthRuntime;

  /** @internal */
  constructor(runtime: AuthRuntime) {
    this.#rt = runtime;
  }

  /** Users in username order, one page at a time. */
  async listUsers(options: ListUsersOptions = {}): Promise<UserPage> {
    checkInput(typeof options === 'object' && options !== null, 'options', 'an object');
    const limit = options.limit ?? 100;
    checkInput(isIntegerIn(limit, 1, 1000), 'limit', 'an integer from 1 to 1000');
    if (options.after !== undefined) storeKeyInput(options.after, 'after');
    if (options.prefix !== undefined) storeKeyInput(options.prefix, 'prefix');
    const users: AdminUser[] = [];
    let more = false;
    for await (const { username, record } of this.#rt.users.scan(options.after, options.prefix)) {
      if (users.length === limit) {
        more = true;
        break;
      }
      users.push(toAdminUser(username, record));
    }
    const last = users[users.length - 1];
    return more && last ? { users, next: last.username } : { users };
  }

  /** One user, or `null`. */
  async getUser(username: unknown): Promise<AdminUser | null> {
    const name = usernameInput(this.#rt, username);
    const loaded = await this.#rt.users.load(name);
    return loaded ? toAdminUser(name, loaded.record) : null;
  }

  /**
   * Creates a user with a password that meets the policy; confirmed unless `confirmed: false`.
   * @throws UserAlreadyExistsException when the username is taken.
   */
  async createUser(
    username: unknown,
    password: unknown,
    options: CreateUserOptions = {},
  ): Promise<AdminUser> {
    checkInput(typeof options === 'object' && options !== null, 'options', 'an object');
    const confirmed = options.confirmed;
    checkInput(confirmed === undefined || typeof confirmed === 'boolean', 'confirmed', 'true or false');
    const name = usernameInput(this.#rt, username);
    const pw = passwordInput(password);
    requirePolicy(this.#rt, pw, name);
    const record = await createAccount(this.#rt, name, pw, options.confirmed === false);
    this.#rt.events.emit('userCreated', { username: name });
    return toAdminUser(name, record);
  }

  /** Disables a user: sign-in is refused and every session ends. Returns false for an unknown user. */
  async disableUser(username: unknown): Promise<boolean> {
    const name = usernameInput(this.#rt, username);
    const done = await endSessionsWith(this.#rt, name, (record) => ({ ...record, disabled: true }));
    if (!done) return false;
    const count = done.ended;
    this.#rt.events.emit('userDisabled', { username: name, count });
    return true;
  }

  /** Enables a disabled user. Returns false for an unknown user. */
  async enableUser(username: unknown): Promise<boolean> {
    const name = usernameInput(this.#rt, username);
    const updated = await this.#rt.users.update(name, (record) => {
      const { disabled: _off, ...rest } = record;
      return rest;
    });
    if (!updated) return false;
    this.#rt.events.emit('userEnabled', { username: name });
    return true;
  }

  /** Deletes a user with their sessions and pending codes. Returns false for an unknown user. */
  async deleteUser(username: unknown): Promise<boolean> {
    const name = usernameInput(this.#rt, username);
    const count = await removeAccount(this.#rt, name);
    if (count === null) return false;
    this.#rt.events.emit('accountDeleted', { username: name, reason: 'admin', count });
    return true;
  }

  /** Ends every session of a user; returns how many session records were deleted. */
  async endSessions(username: unknown): Promise<number> {
    const name = usernameInput(this.#rt, username);
    const count = await endAllSessions(this.#rt, name);
    this.#rt.events.emit('sessionsEnded', { username: name, count });
    return count;
  }

  /** The live sessions of a user. */
  async listSessions(username: unknown): Promise<SessionInfo[]> {
    const name = usernameInput(this.#rt, username);
    const sessions = await this.#rt.sessions.list(name, this.#rt.now());
    return sessions.map((session) => toSessionInfo(session));
  }
}
