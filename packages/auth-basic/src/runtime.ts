import type { CodeBook } from './codes/code-book.js';
import type { CodeOutbox } from './codes/code-outbox.js';
import type { ResendGate } from './codes/resend-gate.js';
import type { EventSink } from './events.js';
import type { ResolvedOptions } from './options.js';
import type { SessionCookies } from './session/session-cookie.js';
import type { SessionStore } from './session/session-store.js';
import type { VerifiedTokenCache } from './session/session-token.js';
import type { SigningKeys } from './session/signing-keys.js';
import type { DeviceLockout } from './throttle/device-lockout.js';
import type { SignInThrottle } from './throttle/sign-in-throttle.js';
import type { UserStore } from './user-store.js';

/** Everything the flows of one AuthBasic block work with. */
export interface AuthRuntime {
  readonly fullId: string;
  /** `bb-auth-basic:<fullId>` */
  readonly issuer: string;
  readonly options: ResolvedOptions;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly keys: SigningKeys;
  readonly verifiedTokens: VerifiedTokenCache;
  readonly codes: CodeBook;
  /** The durable delivery queue of codes (D-15); present with `codeDelivery`. */
  readonly outbox: CodeOutbox | undefined;
  readonly gate: ResendGate;
  readonly throttle: SignInThrottle;
  /** The per-device bound of sign-ins past a username lock (D-14). */
  readonly devices: DeviceLockout;
  readonly cookies: SessionCookies;
  readonly events: EventSink;
  /** The AppSetting secret (cached once read; a failed read is retried next time). */
  secret(): Promise<string>;
  /** The block's clock, epoch milliseconds. */
  now(): number;
}

/** What reading the request's session needs (flows receive only the parts of the runtime they use). */
export type SessionRuntime = Pick<
  AuthRuntime,
  'cookies' | 'issuer' | 'keys' | 'now' | 'options' | 'sessions' | 'verifiedTokens'
>;

/** What AuthBasic reports for a signed-in user: `userId === username`. */
export interface AuthBasicUser {
  userId: string;
  username: string;
  createdAt: string;
}

/** The public view of a user record, keys in the order of R-606. */
export function toAuthBasicUser(username: string, createdAt: string): AuthBasicUser {
  return { userId: username, username, createdAt };
}
