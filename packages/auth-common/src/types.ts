/** The user an auth block reports for a signed-in request. */
export interface AuthUser {
  /** Stable identifier of the user. */
  userId: string;
  /** The name the user signs in with. */
  username: string;
}

/** The kinds of input a form field asks for. */
export type AuthFieldType = 'text' | 'password' | 'email' | 'tel' | 'number' | 'hidden';

/** One input of an {@link AuthAction} form. */
export interface AuthField {
  /** The key the value is sent under in `setAuthState({ action, [name]: value })`. */
  name: string;
  /** Human-readable label. */
  label: string;
  /** Kind of input. */
  type: AuthFieldType;
  /** Whether the action needs this field. */
  required: boolean;
  /** Value the form starts with (e.g. the username of a pending confirmation). */
  defaultValue?: string;
  /**
   * Plain-text help shown with the input, e.g. the password policy in words on a field that creates a
   * password (D-28). Additive: clients that do not know it ignore it.
   */
  description?: string;
}

/** Browser capability an action needs before it is submitted. */
export type AuthCapability = 'webauthn-get' | 'webauthn-create';

/**
 * Something the user can do from an {@link AuthState}. Every action is a form: without `url` the client
 * calls `setAuthState({ action: name, ...values })`; with `url` it submits a real HTML form there.
 */
export interface AuthAction {
  /** Action name, sent as `action`. */
  name: string;
  /** Button label. */
  label: string;
  /** Inputs of the form. */
  fields: AuthField[];
  /** External form target. */
  url?: string;
  /** Method of the external form (default `GET`). */
  method?: 'GET' | 'POST';
  /** Browser capability required before submitting. */
  capability?: AuthCapability;
}

/** The states an auth block can report. */
export type AuthStateName =
  | 'signedOut'
  | 'signedIn'
  | 'confirmingSignUp'
  | 'confirmingSignIn'
  | 'confirmingMfa'
  | 'confirmingPasswordReset';

/** What `getAuthState` / `setAuthState` answer: where the user is and what they can do next. */
export interface AuthState<U extends AuthUser = AuthUser> {
  /** The current state. */
  state: AuthStateName;
  /** The signed-in user (only in `signedIn`). */
  user?: U;
  /** The forms offered in this state. */
  actions: AuthAction[];
  /** Message of the error the last action ran into. */
  error?: string;
  /** Stable name of that error, for `hasAuthError(state, name)`. */
  errorName?: string;
  /** True when the same action may succeed later (e.g. after a lockout ends). */
  retriable?: boolean;
}

/** The request context an auth block reads cookies and headers from. */
export interface AuthRequestContext {
  readonly request: {
    readonly headers: Headers;
    readonly url: URL;
  };
}

/** Server-side gatekeeping that every auth block implements. */
export interface BlocksAuth<U extends AuthUser = AuthUser, C = AuthRequestContext> {
  /** Returns the signed-in user or throws a 401 `ApiError`. */
  requireAuth(context: C): Promise<U>;
  /** Whether the request carries a valid session. */
  checkAuth(context: C): Promise<boolean>;
  /** The signed-in user, or `null`. */
  getCurrentUser(context: C): Promise<U | null>;
}

/** Payload of each action, across every auth block. */
export interface AuthActionPayloadMap {
  signIn: { username: string; password: string };
  signInWithPasskey: { username: string };
  signUp: { username: string; password: string } & Record<string, string>;
  confirmSignUp: { username: string; code: string; password?: string };
  resendSignUpCode: { username: string };
  signOut: { everywhere?: boolean };
  resetPassword: { username: string };
  confirmResetPassword: { username: string; code: string; newPassword: string };
  changePassword: { currentPassword: string; newPassword: string };
  deleteAccount: { password: string };
  autoSignIn: { username: string };
  confirmSignIn:
    | { challenge: 'code'; session: string; code: string }
    | { challenge: 'mfaType'; session: string; mfaType: string }
    | { challenge: 'newPassword'; session: string; newPassword: string }
    | { challenge: 'totpSetup'; session: string; code: string }
    | { challenge: 'email'; session: string; email: string }
    | { challenge: 'password'; session: string; password: string }
    | { challenge: 'firstFactor'; session: string; firstFactor: string }
    | { challenge: 'webauthn'; session: string; credential: unknown };
  startPasskeyRegistration: Record<string, never>;
  completePasskeyRegistration: { credential: unknown };
  listPasskeys: Record<string, never>;
  deletePasskey: { credentialId: string };
}

/** The name of an action. */
export type AuthActionName = keyof AuthActionPayloadMap;

/** The one flat object `setAuthState` takes: `{ action, ...fields }`. */
export type AuthActionInput = {
  [K in AuthActionName]: { action: K } & AuthActionPayloadMap[K];
}[AuthActionName];

/** The two methods an auth block's `createApi()` namespace exposes. */
export interface AuthStateApi<U extends AuthUser = AuthUser> {
  /** Where the caller is now. */
  getAuthState(): Promise<AuthState<U>>;
  /** Performs one action; failures come back inside the returned state, never as a rejection. */
  setAuthState(input: AuthActionInput): Promise<AuthState<U>>;
}
