import type { BlocksContext } from '@blockyard/core';
import { invalidCredentials, invalidParameter, sessionExpired } from '../errors.js';
import { type AuthBasicUser, type AuthRuntime, type SessionRuntime, toAuthBasicUser } from '../runtime.js';
import type { SessionRecord, SessionStore } from '../session/session-store.js';
import { signSessionToken, verifySessionToken } from '../session/session-token.js';
import type { UserRecord, UserStore } from '../user-store.js';
import { clientAddressOf } from './credentials.js';

/** A valid session of the request: the user and the server-side session. */
export interface ResolvedSession {
  username: string;
  /** When the user signed up (ISO-8601), from the session record. */
  createdAt: string;
  session: SessionRecord;
}

/** One of a user's sessions, as `listSessions` reports it. */
export interface SessionInfo {
  /** Session id (pass it to `revokeSession`). */
  id: string;
  /** When the session started (ISO-8601). */
  createdAt: string;
  /** When it ends (ISO-8601). */
  expiresAt: string;
  /** Whether this is the session of the request. */
  current: boolean;
}

/**
 * Writes a session record for `username`, whose record `record` was read (and its password verified)
 * before, and returns it — or `null`, with the record deleted again, when the account was meanwhile
 * deleted, disabled or had its sessions revoked (its `sessionEpoch` moved on).
 */
export async function openSession(
  sessions: SessionStore,
  users: UserStore,
  username: string,
  record: UserRecord,
  nowMs: number,
  durationSeconds: number,
): Promise<SessionRecord | null> {
  const epoch = record.sessionEpoch ?? 0;
  const session = await sessions.create(username, record.createdAt, nowMs, durationSeconds);
  // Revoking every session is (1) bump the epoch, (2) delete the user's session records by prefix
  // scan; here it is (a) read the user, (b) write the session, (c) re-read the user. Single-key
  // operations are linearizable, so either (c) sees the bump of (1) and the session is withdrawn, or
  // (1) comes after (c), hence (2) after (b), and the scan finds and deletes the session. Either way no
  // session outlives a revocation, and requests need not read the user record.
  const current = await users.load(username);
  const still =
    current !== null &&
    !current.record.disabled &&
    !current.record.unconfirmed &&
    current.record.createdAt === record.createdAt &&
    (current.record.sessionEpoch ?? 0) === epoch;
  if (still) return session;
  await sessions.end(username, session.sid);
  return null;
}

/**
 * Starts a session for a verified user: a server-side session record, a token naming it, and the
 * session cookie; a pending-flow cookie is cleared. Returns the user.
 * @throws InvalidCredentialsException when the account changed since it was verified (see
 * {@link openSession}).
 */
export async function startSession(
  rt: Pick<AuthRuntime, 'cookies' | 'events' | 'issuer' | 'keys' | 'now' | 'options' | 'sessions' | 'users'>,
  context: BlocksContext,
  username: string,
  record: UserRecord,
): Promise<AuthBasicUser> {
  const now = rt.now();
  const duration = rt.options.sessionDuration;
  const session = await openSession(rt.sessions, rt.users, username, record, now, duration);
  if (!session) throw invalidCredentials();
  const key = await rt.keys.current();
  const token = await signSessionToken(
    key,
    rt.issuer,
    { username, sid: session.sid },
    Math.floor(now / 1000),
    duration,
  );
  rt.cookies.setSession(context, token, duration);
  rt.cookies.clearFlow(context);
  rt.events.emit('signIn', { username, sessionId: session.sid, clientAddress: clientAddressOf(context) });
  return toAuthBasicUser(username, record.createdAt);
}

/**
 * The request's session (R-631 with D-13), or `null`. The token is found by exact cookie name and
 * verified with an in-memory key; then the session record is read (one `get`): it must exist and be
 * unexpired. It carries what the answer needs of the user, and every way sessions end (sign-out,
 * revocation, password change or reset, disabling or deleting the account) deletes the records, so the
 * user record is not read. Engine failures propagate.
 */
export async function resolveSession(
  rt: SessionRuntime,
  context: BlocksContext,
): Promise<ResolvedSession | null> {
  const token = rt.cookies.readSession(context);
  if (token === null) return null;
  const now = rt.now();
  const nowSeconds = Math.floor(now / 1000);
  // Known tokens are checked synchronously; only a new one goes through full verification.
  const known = rt.verifiedTokens.check(token, nowSeconds);
  const claims =
    known !== undefined
      ? known
      : await verifySessionToken(
          token,
          rt.keys,
          rt.issuer,
          nowSeconds,
          rt.options.sessionDuration,
          rt.verifiedTokens,
        );
  if (!claims) return null;
  const session = await rt.sessions.get(claims.username, claims.sid, now);
  if (!session) return null;
  return { username: claims.username, createdAt: session.userCreatedAt, session };
}

/** The request's session or a SessionExpiredException (401). */
export async function requireSession(rt: SessionRuntime, context: BlocksContext): Promise<ResolvedSession> {
  const resolved = await resolveSession(rt, context);
  if (!resolved) throw sessionExpired();
  return resolved;
}

/**
 * Signs out (D-13): clears the cookies and ends the request's session on the server, so a copied
 * cookie stops working too; with `everywhere`, ends every session of the user. A request without a
 * valid session just gets the clearing cookie.
 */
export async function signOut(
  rt: SessionRuntime & Pick<AuthRuntime, 'events' | 'users'>,
  context: BlocksContext,
  everywhere: boolean,
): Promise<void> {
  rt.cookies.clearSession(context);
  rt.cookies.clearFlow(context);
  const resolved = await resolveSession(rt, context);
  if (!resolved) return;
  const { username, session } = resolved;
  const address = clientAddressOf(context);
  if (everywhere) {
    const count = await endAllSessions(rt, username);
    rt.events.emit('signOut', {
      username,
      sessionId: session.sid,
      clientAddress: address,
      reason: 'everywhere',
      count,
    });
    return;
  }
  await rt.sessions.end(username, session.sid);
  rt.events.emit('signOut', { username, sessionId: session.sid, clientAddress: address });
}

/**
 * Ends every session of `username` (except `keepSid`) together with a change of its record — the one
 * way all sessions of a user end (sign-out everywhere, password change and reset, disabling, account
 * removal). `change` (default: none) and a new session epoch are one compare-and-set write, so a
 * sign-in racing with this withdraws its new session (see {@link openSession}); then the session
 * records are deleted. `change` returns `null` to leave the account as it is, and then no session
 * ends. Returns the record written and how many sessions ended, or `null` when nothing was written.
 */
export async function endSessionsWith(
  rt: Pick<AuthRuntime, 'sessions' | 'users'>,
  username: string,
  change: (current: UserRecord) => UserRecord | null = (current) => current,
  keepSid?: string,
): Promise<{ record: UserRecord; ended: number } | null> {
  const record = await rt.users.update(username, (current) => {
    const next = change(current);
    return next ? { ...next, sessionEpoch: (current.sessionEpoch ?? 0) + 1 } : null;
  });
  if (!record) return null;
  return { record, ended: await rt.sessions.endAll(username, keepSid) };
}

/**
 * Ends every session of `username` ({@link endSessionsWith} without a change); session records are
 * deleted also when the account is gone. Returns how many records were deleted.
 */
export async function endAllSessions(
  rt: Pick<AuthRuntime, 'sessions' | 'users'>,
  username: string,
): Promise<number> {
  const done = await endSessionsWith(rt, username);
  return done ? done.ended : rt.sessions.endAll(username);
}

/** The live sessions of the request's user. */
export async function listSessions(rt: SessionRuntime, context: BlocksContext): Promise<SessionInfo[]> {
  const { username, session } = await requireSession(rt, context);
  const sessions = await rt.sessions.list(username, rt.now());
  return sessions.map((s) => toSessionInfo(s, session.sid));
}

/** The public view of a session record. */
export function toSessionInfo(session: SessionRecord, currentSid?: string): SessionInfo {
  return {
    id: session.sid,
    createdAt: session.createdAt,
    expiresAt: new Date(session.expiresAt).toISOString(),
    current: session.sid === currentSid,
  };
}

/**
 * Ends one session of the request's user; returns whether it existed. Ending the current session also
 * clears the cookie.
 */
export async function revokeSession(
  rt: SessionRuntime & Pick<AuthRuntime, 'events'>,
  context: BlocksContext,
  id: unknown,
): Promise<boolean> {
  const { username, session } = await requireSession(rt, context);
  if (typeof id !== 'string' || id.length === 0 || id.length > 64 || !/^[A-Za-z0-9_-]+$/.test(id)) {
    throw invalidParameter('id must be a session id from listSessions');
  }
  const ended = await rt.sessions.end(username, id);
  if (id === session.sid) rt.cookies.clearSession(context);
  if (ended)
    rt.events.emit('sessionRevoked', { username, sessionId: id, clientAddress: clientAddressOf(context) });
  return ended;
}
