/** The kinds of auth event (D-19). */
export type AuthEventType =
  | 'signUp'
  | 'signUpFailed'
  | 'signUpConfirmed'
  | 'codeSent'
  | 'codeDeliveryFailed'
  | 'signIn'
  | 'signInFailed'
  | 'throttled'
  | 'signOut'
  | 'passwordResetRequested'
  | 'passwordReset'
  | 'passwordChanged'
  | 'accountDeleted'
  | 'sessionRevoked'
  | 'userCreated'
  | 'userDisabled'
  | 'userEnabled'
  | 'sessionsEnded'
  | 'signingKeyRotated';

/**
 * Something that happened in an AuthBasic block, for audit trails and alerting. Never contains a
 * password, code, token, hash or secret.
 */
export interface AuthEvent {
  /** What happened. */
  type: AuthEventType;
  /** When (ISO-8601). */
  time: string;
  /** The block's fullId. */
  block: string;
  /** The canonical username concerned, when there is one. */
  username?: string;
  /** Session id concerned (not a credential: it is useless without the signed token). */
  sessionId?: string;
  /** Client address of the request, when it came from one. */
  clientAddress?: string;
  /** Detail, e.g. `wrong-password`, `unknown-user`, `locked`, `signup`/`reset` for codes. */
  reason?: string;
  /** A count, e.g. how many sessions were ended. */
  count?: number;
}

/** Receives every {@link AuthEvent}; errors it throws (or rejects with) are logged and ignored. */
export type AuthEventHandler = (event: AuthEvent) => void | Promise<void>;

/** Where AuthBasic writes its structured log lines; every method is optional. */
export interface AuthLogger {
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** The default logger: one JSON object per line on stdout (info) or stderr (warn, error). */
export const jsonLineLogger: AuthLogger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (message, fields) => console.error(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};

/** Sends events to the hook and the log. */
export class EventSink {
  constructor(
    private readonly block: string,
    private readonly logger: AuthLogger,
    private readonly handler: AuthEventHandler | undefined,
    private readonly clock: () => number,
  ) {}

  /** Records one event. Never throws. */
  emit(type: AuthEventType, fields: Omit<AuthEvent, 'type' | 'time' | 'block'> = {}): void {
    const event: AuthEvent = {
      type,
      time: new Date(this.clock()).toISOString(),
      block: this.block,
      ...fields,
    };
    try {
      this.logger.info?.('auth-event', { ...event });
    } catch {
      // A broken logger must not break sign-in.
    }
    if (!this.handler) return;
    try {
      const result = this.handler(event);
      if (result && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).catch((error: unknown) => this.#hookFailed(error));
      }
    } catch (error) {
      this.#hookFailed(error);
    }
  }

  /** Logs an unexpected error server-side (with its stack). */
  error(message: string, error: unknown): void {
    try {
      this.logger.error?.(message, {
        block: this.block,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    } catch {
      // Nothing else to do.
    }
  }

  #hookFailed(error: unknown): void {
    this.error('onEvent hook failed', error);
  }
}
