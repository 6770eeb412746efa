import { AppSetting } from '@blockyard/app-setting';
import type { AuthActionInput, AuthStateApi, BlocksAuth } from '@blockyard/auth-common';
import { ApiError, ApiNamespace, type BlocksContext, Scope, type ScopeParent } from '@blockyard/core';
import { KVStore } from '@blockyard/kv-store';
import { currentEngine } from '@blockyard/kv-store/engine';
import { AuthBasicAdmin } from './admin.js';
import { CodeBook, type CodeEntry } from './codes/code-book.js';
import { codeKeys } from './codes/code-keys.js';
import { CodeOutbox, OUTBOX_TIMING, type OutboxItem } from './codes/code-outbox.js';
import { startOutboxSweeper } from './codes/outbox-sweeper.js';
import { type GateRecord, ResendGate } from './codes/resend-gate.js';
import { sessionExpired } from './errors.js';
import { EventSink } from './events.js';
import { changePassword, deleteAccount } from './flows/account.js';
import { confirmResetPassword, resetPassword } from './flows/password-reset.js';
import {
  listSessions,
  resolveSession,
  revokeSession,
  type SessionInfo,
  signOut,
  startSession,
} from './flows/sessions.js';
import { signIn } from './flows/sign-in.js';
import { confirmSignUp, resendSignUpCode, signUp } from './flows/sign-up.js';
import { cachedPromise } from './once.js';
import { type AuthBasicOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { registerPendingWork } from './pending-work.js';
import { type AuthBasicUser, type AuthRuntime, toAuthBasicUser } from './runtime.js';
import { SessionCookies } from './session/session-cookie.js';
import { type SessionRecord, SessionStore } from './session/session-store.js';
import { tokenIssuer, VerifiedTokenCache } from './session/session-token.js';
import {
  envSigningKey,
  SigningKeys,
  type SigningKeyValue,
  signingSecretsFromEnv,
} from './session/signing-keys.js';
import { authStateMethods } from './state-api.js';
import type { AuthBasicState } from './state-machine.js';
import { DeviceLockout } from './throttle/device-lockout.js';
import { SignInThrottle, type ThrottleValue } from './throttle/sign-in-throttle.js';
import { type StoredUser, UserStore } from './user-store.js';
import { VERSION } from './version.js';

/** Options of {@link AuthBasic.signOut}. */
export interface SignOutOptions {
  /** End every session of the user, not just this one (D-13). */
  everywhere?: boolean;
}

/** The methods of the namespace {@link AuthBasic.createApi} returns. */
export type AuthBasicStateApi = AuthStateApi<AuthBasicUser> & {
  setAuthState(input: AuthActionInput | Record<string, unknown>): Promise<AuthBasicState>;
};

/** The methods of the deprecated namespace {@link AuthBasic.buildApi} returns. */
export interface AuthBasicLegacyApi {
  signUp(username: string, password: string): Promise<{ username: string }>;
  signIn(username: string, password: string): Promise<{ username: string }>;
  signOut(): Promise<{ success: true }>;
  getCurrentUser(): Promise<AuthBasicUser | null>;
}

// Checks only that the parts exist: touching `response.headers` would make the runtime build a
// Headers object that a read-only call (requireAuth) never needs.
function requireContext(context: BlocksContext, method: string): void {
  if (
    typeof context?.request !== 'object' ||
    context.request === null ||
    typeof context.response !== 'object'
  ) {
    throw new ApiError(`AuthBasic.${method} needs the BlocksContext of the request`, 500);
  }
}

/**
 * Username/password authentication with cookie sessions: sign-up (optionally confirmed by a code),
 * sign-in, sign-out, password reset, a server-driven auth state machine for one UI component, and
 * server-side gatekeeping (`requireAuth`).
 *
 * Compatible with AWS Blocks' AuthBasic (wire shapes, cookie, state machine), and hardened: argon2id
 * hashing off the event loop, revocable sessions with rotating signing keys, lockout and code attempt
 * limits kept in the engine, no user enumeration, canonical usernames. See `docs/auth-basic.md`.
 *
 * Stores (children of this block): KVStore `users`, AppSetting `jwt-secret`, KVStores `codes`,
 * `sessions`, `signing-keys`, `throttle` and, with `codeDelivery`, `outbox`.
 */
export class AuthBasic extends Scope implements BlocksAuth<AuthBasicUser, BlocksContext> {
  /** Server-side user administration (D-18); not reachable over RPC unless an app exposes it. */
  readonly admin: AuthBasicAdmin;
  readonly #rt: AuthRuntime;

  constructor(scope: ScopeParent, id: string, options: AuthBasicOptions = {}) {
    super(id, { parent: scope, bbName: 'AuthBasic', bbVersion: VERSION });
    const resolved: ResolvedOptions = resolveOptions(options);
    const engine = resolved.engine ? { engine: resolved.engine } : {};
    const users = new KVStore<StoredUser>(this, 'users', engine);
    const secretSetting = new AppSetting<string>(this, 'jwt-secret', { secret: true, ...engine });
    const codes = new KVStore<CodeEntry>(this, 'codes', engine);
    const sessions = new KVStore<SessionRecord>(this, 'sessions', engine);
    const keys = new KVStore<SigningKeyValue>(this, 'signing-keys', engine);
    const throttle = new KVStore<ThrottleValue>(this, 'throttle', engine);

    // A rejected read is not cached (G-09): the next request tries again.
    const readSecret = cachedPromise(async (): Promise<string> => {
      const value = await secretSetting.get();
      if (typeof value !== 'string' || value.length === 0) {
        throw new ApiError('AuthBasic jwt-secret must be a non-empty string', 500);
      }
      return value;
    });

    // Environment keys (D-13, D-25): they sign sessions, and the code key is derived from them, so
    // nothing in the engine can mint a session or check a guessed code.
    const envSecrets = signingSecretsFromEnv();
    const codeBook = new CodeBook(
      codes,
      throttle as KVStore<unknown>,
      codeKeys(envSecrets, readSecret, this.fullId),
      {
        attempts: resolved.codeAttempts,
        failureLimit: resolved.codeFailureLimit,
        addressLimit: resolved.lockout.maxAddressFailures,
        addressWindowSeconds: resolved.lockout.addressWindowSeconds,
      },
    );
    const events = new EventSink(this.fullId, resolved.logger, resolved.onEvent, resolved.clock);
    const delivery = resolved.codeDelivery;
    const outbox = delivery
      ? new CodeOutbox(
          new KVStore<OutboxItem>(this, 'outbox', engine),
          {
            codes: codeBook,
            delivery,
            events,
            now: resolved.clock,
          },
          { ...OUTBOX_TIMING, leaseMs: resolved.codeDeliveryTimeoutSeconds * 1000 },
        )
      : undefined;

    this.#rt = {
      fullId: this.fullId,
      issuer: tokenIssuer(this.fullId),
      options: resolved,
      users: new UserStore(users),
      sessions: new SessionStore(sessions),
      keys: new SigningKeys(keys, readSecret, envSecrets?.map(envSigningKey)),
      verifiedTokens: new VerifiedTokenCache(),
      codes: codeBook,
      outbox,
      gate: new ResendGate(throttle as unknown as KVStore<GateRecord>, resolved.codeResendSeconds),
      throttle: new SignInThrottle(throttle, resolved.lockout),
      devices: new DeviceLockout(throttle as KVStore<unknown>, resolved.lockout.deviceMaxFailures),
      cookies: new SessionCookies(this.fullId, resolved.crossDomain),
      events,
      secret: readSecret,
      now: resolved.clock,
    };
    this.admin = new AuthBasicAdmin(this.#rt);
    if (this.#rt.outbox) {
      const explicit = resolved.engine;
      startOutboxSweeper(
        this.fullId,
        this.#rt.outbox,
        () => explicit !== undefined || currentEngine() !== undefined,
        (error) => this.#rt.events.error('code outbox sweep failed', error),
      );
      const pending = this.#rt.outbox;
      registerPendingWork(this.fullId, { settle: () => pending.settled(), sweep: () => pending.sweep() });
    }
  }

  /**
   * Delivers the verification codes waiting in the outbox now (D-15) and waits for deliveries this
   * instance has started; returns how many items it handled. The block does this by itself right after
   * each request and every few seconds; call it from scripts or tests that cannot wait.
   */
  async deliverPendingCodes(): Promise<number> {
    return this.#rt.outbox ? this.#rt.outbox.sweep() : 0;
  }

  /** Name of the session cookie: `auth_<fullId>`. */
  get cookieName(): string {
    return this.#rt.cookies.sessionName;
  }

  // ---- gatekeeping (R-620) -------------------------------------------------------------------

  /**
   * The signed-in user of the request.
   * @throws SessionExpiredException (401) without a valid session.
   */
  async requireAuth(context: BlocksContext): Promise<AuthBasicUser> {
    requireContext(context, 'requireAuth');
    const resolved = await resolveSession(this.#rt, context);
    if (!resolved) throw sessionExpired();
    return toAuthBasicUser(resolved.username, resolved.createdAt);
  }

  /** Whether the request carries a valid session. */
  async checkAuth(context: BlocksContext): Promise<boolean> {
    return (await this.getCurrentUser(context)) !== null;
  }

  /** The signed-in user of the request, or `null`. */
  async getCurrentUser(context: BlocksContext): Promise<AuthBasicUser | null> {
    requireContext(context, 'getCurrentUser');
    const resolved = await resolveSession(this.#rt, context);
    return resolved ? toAuthBasicUser(resolved.username, resolved.createdAt) : null;
  }

  // ---- server methods (R-614…R-619, D-16, D-18) ------------------------------------------------

  /**
   * Creates an account. With `codeDelivery` the account is pending and a code is delivered;
   * without it the account is ready. Does not sign in.
   * @throws InvalidParameterException, InvalidPasswordException, UserAlreadyExistsException,
   * TooManyAttemptsException (a code was delivered for this username less than `codeResendSeconds` ago).
   */
  async signUp(username: string, password: string): Promise<void> {
    await signUp(this.#rt, username, password);
  }

  /**
   * Confirms a pending account with its sign-up code. Does not sign in.
   * @throws InvalidParameterException, InvalidCodeException.
   */
  async confirmSignUp(username: string, code: string): Promise<void> {
    await confirmSignUp(this.#rt, username, code);
  }

  /**
   * Delivers a new sign-up code to a pending account (D-16); answers the same for other usernames.
   * @throws TooManyAttemptsException inside `codeResendSeconds` of the last delivery.
   */
  async resendSignUpCode(username: string): Promise<void> {
    await resendSignUpCode(this.#rt, username);
  }

  /**
   * Signs in: verifies the password and sets the session cookie.
   * @throws InvalidParameterException, InvalidCredentialsException, TooManyAttemptsException (locked).
   */
  async signIn(username: string, password: string, context: BlocksContext): Promise<AuthBasicUser> {
    requireContext(context, 'signIn');
    return signIn(this.#rt, context, username, password);
  }

  /**
   * Clears the session cookie and ends the session on the server, so copies of the cookie stop working
   * too; `{ everywhere: true }` ends every session of the user (D-13). Needs no session.
   */
  async signOut(context: BlocksContext, options: SignOutOptions = {}): Promise<void> {
    requireContext(context, 'signOut');
    await signOut(this.#rt, context, options?.everywhere === true);
  }

  /**
   * Delivers a password reset code; answers the same for unknown users.
   * @throws ApiError `Password reset not configured` without `codeDelivery`; TooManyAttemptsException.
   */
  async resetPassword(username: string): Promise<void> {
    await resetPassword(this.#rt, username);
  }

  /**
   * Sets a new password with a reset code and ends every session of the user (D-13).
   * @throws InvalidParameterException, InvalidCodeException, InvalidPasswordException.
   */
  async confirmResetPassword(username: string, code: string, newPassword: string): Promise<void> {
    await confirmResetPassword(this.#rt, username, code, newPassword);
  }

  /**
   * Changes the signed-in user's password; every other session ends, this one continues (D-18).
   * @throws SessionExpiredException, InvalidCredentialsException (wrong current password),
   * InvalidPasswordException, TooManyAttemptsException.
   */
  async changePassword(context: BlocksContext, currentPassword: string, newPassword: string): Promise<void> {
    requireContext(context, 'changePassword');
    await changePassword(this.#rt, context, currentPassword, newPassword);
  }

  /**
   * Deletes the signed-in user's account after checking the password, ends every session and clears
   * the cookie (D-18).
   * @throws SessionExpiredException, InvalidCredentialsException, TooManyAttemptsException.
   */
  async deleteAccount(context: BlocksContext, password: string): Promise<void> {
    requireContext(context, 'deleteAccount');
    await deleteAccount(this.#rt, context, password);
  }

  /** The signed-in user's live sessions (D-18). @throws SessionExpiredException. */
  async listSessions(context: BlocksContext): Promise<SessionInfo[]> {
    requireContext(context, 'listSessions');
    return listSessions(this.#rt, context);
  }

  /**
   * Ends one of the signed-in user's sessions (an id from `listSessions`); returns whether it existed.
   * @throws SessionExpiredException, InvalidParameterException.
   */
  async revokeSession(context: BlocksContext, id: string): Promise<boolean> {
    requireContext(context, 'revokeSession');
    return revokeSession(this.#rt, context, id);
  }

  /**
   * Makes a new random signing key current and returns its id (D-13). Every instance on the same
   * engine signs new sessions with it from its next sign-in; sessions signed with older keys stay valid
   * until they expire. Call it from an admin script or a scheduled job (see docs/auth-basic.md).
   */
  async rotateSigningKey(): Promise<string> {
    const kid = await this.#rt.keys.rotate(new Date(this.#rt.now()));
    this.#rt.events.emit('signingKeyRotated', { reason: kid });
    return kid;
  }

  // ---- RPC namespaces (R-621, R-622) -----------------------------------------------------------

  /**
   * The auth state machine as a namespace with `getAuthState()` and `setAuthState(input)`; export it
   * from the backend (`export const authApi = auth.createApi()`).
   */
  createApi(): ApiNamespace<AuthBasicStateApi> {
    const rt = this.#rt;
    return new ApiNamespace(this, 'auth', (context) =>
      authStateMethods(rt, context),
    ) as ApiNamespace<AuthBasicStateApi>;
  }

  /**
   * @deprecated Use {@link createApi}. The reference's earlier namespace: `signUp`, `signIn`,
   * `signOut`, `getCurrentUser`, with failures thrown.
   */
  buildApi(): ApiNamespace<AuthBasicLegacyApi> {
    const rt = this.#rt;
    return new ApiNamespace(this, 'auth', (context) => ({
      async signUp(username: string, password: string) {
        const outcome = await signUp(rt, username, password);
        if (outcome.kind === 'created') {
          await startSession(rt, context, outcome.username, outcome.record).catch((error: unknown) => {
            outcome.undo?.();
            throw error;
          });
        }
        return { username: outcome.username };
      },
      async signIn(username: string, password: string) {
        const user = await signIn(rt, context, username, password);
        return { username: user.username };
      },
      async signOut() {
        await signOut(rt, context, false);
        return { success: true as const };
      },
      async getCurrentUser() {
        const resolved = await resolveSession(rt, context);
        return resolved ? toAuthBasicUser(resolved.username, resolved.createdAt) : null;
      },
    })) as ApiNamespace<AuthBasicLegacyApi>;
  }
}
