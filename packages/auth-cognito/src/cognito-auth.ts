import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthUser, BlocksAuth } from '@blockyard/auth-common';
import { ApiError, type BlocksContext, Scope, type ScopeParent } from '@blockyard/core';
import { isStringArray, nearestName, optionsCheck, requestHeader } from '@blockyard/core/block';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import { sessionExpired } from './errors.js';

const VERSION = '0.1.0';
const POOL_ID = /^[a-z]{2}(-[a-z]+)+-\d+_[A-Za-z0-9]+$/;
const CLIENT_ID = /^[A-Za-z0-9+]{1,128}$/;
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;
// A token is a few kilobytes at most; a longer header is refused before anything parses it.
const MAX_TOKEN_LENGTH = 16 * 1024;

/** The signed-in user of a request carrying a user-pool token. */
export interface CognitoUser extends AuthUser {
  /** The token's `sub`: the user's stable id in the pool. */
  userId: string;
  /** `cognito:username` (ID token) or `username` (access token). */
  username: string;
  /** The `email` claim of an ID token, when the pool has one for the user. */
  email?: string;
  /** `cognito:groups`, empty when the user is in none. */
  groups: string[];
}

/** Which tokens CognitoAuth accepts: ID tokens, access tokens, or either (`token_use`). */
export type CognitoTokenUse = 'id' | 'access' | 'either';

/** Options of `new CognitoAuth(scope, id, options)`; every field is optional. */
export interface CognitoAuthOptions {
  /**
   * The user pool (`<region>_<id>`). Default: `COGNITO_USER_POOL_ID`, else `auth.user_pool_id` of
   * the `amplify_outputs.json` in the working directory.
   */
  userPoolId?: string;
  /**
   * The app client(s) whose tokens are accepted (the ID token's `aud`, the access token's
   * `client_id`). Default: `COGNITO_CLIENT_ID`, else `auth.user_pool_client_id` of
   * `amplify_outputs.json`.
   */
  clientId?: string | string[];
  /** Default `'either'`: ID tokens and access tokens. */
  tokenUse?: CognitoTokenUse;
  /** When set, only users in at least one of these groups are signed in. */
  groups?: string[];
  /** Seconds of clock skew tolerated on `exp`, `iat` and `nbf` (default 0, at most 300). */
  graceSeconds?: number;
  /**
   * Where the pool's signing keys are fetched from instead of the pool's own
   * `/.well-known/jwks.json` (a Cognito-compatible emulator or a test server). The issuer checked is
   * still the pool's.
   */
  jwksUri?: string;
  /** Seconds before a key id that the key set lacks may trigger another fetch (default 10). */
  refetchWaitSeconds?: number;
}

const check = optionsCheck('CognitoAuth');
const KNOWN = new Set([
  'userPoolId',
  'clientId',
  'tokenUse',
  'groups',
  'graceSeconds',
  'jwksUri',
  'refetchWaitSeconds',
]);

interface PoolConfig {
  userPoolId: string;
  clientIds: string[];
}

interface AmplifyOutputs {
  auth?: { user_pool_id?: unknown; user_pool_client_id?: unknown };
}

function fromAmplifyOutputs(): Partial<PoolConfig> {
  let outputs: AmplifyOutputs;
  try {
    outputs = JSON.parse(readFileSync(join(process.cwd(), 'amplify_outputs.json'), 'utf8')) as AmplifyOutputs;
  } catch {
    return {};
  }
  const pool = outputs?.auth?.user_pool_id;
  const client = outputs?.auth?.user_pool_client_id;
  return {
    ...(typeof pool === 'string' ? { userPoolId: pool } : {}),
    ...(typeof client === 'string' ? { clientIds: [client] } : {}),
  };
}

function validate(options: unknown): CognitoAuthOptions {
  const o = (options ?? {}) as Record<string, unknown>;
  check(typeof o === 'object' && !Array.isArray(o), 'options', 'an object');
  // Unlike the other blocks, an unknown key is refused rather than warned about: a misspelt
  // restriction (a group, a token use) must not silently let more users in.
  for (const key of Object.keys(o)) {
    const near = nearestName(key, KNOWN);
    check(
      KNOWN.has(key),
      `options.${key}`,
      near ? `a known option (did you mean '${near}'?)` : 'a known option',
    );
  }
  check(
    o.userPoolId === undefined || (typeof o.userPoolId === 'string' && POOL_ID.test(o.userPoolId)),
    'options.userPoolId',
    'a user pool id such as "eu-west-1_AbC123"',
  );
  const clients = typeof o.clientId === 'string' ? [o.clientId] : o.clientId;
  check(
    clients === undefined ||
      (isStringArray(clients) && clients.length > 0 && clients.every((c) => CLIENT_ID.test(c))),
    'options.clientId',
    'an app client id or a non-empty list of them',
  );
  check(
    o.tokenUse === undefined || o.tokenUse === 'id' || o.tokenUse === 'access' || o.tokenUse === 'either',
    'options.tokenUse',
    "'id', 'access' or 'either'",
  );
  check(
    o.groups === undefined || (isStringArray(o.groups) && o.groups.length > 0),
    'options.groups',
    'a non-empty list of group names',
  );
  check(
    o.graceSeconds === undefined ||
      (typeof o.graceSeconds === 'number' && o.graceSeconds >= 0 && o.graceSeconds <= 300),
    'options.graceSeconds',
    'a number of seconds from 0 to 300',
  );
  check(
    o.refetchWaitSeconds === undefined ||
      (typeof o.refetchWaitSeconds === 'number' && o.refetchWaitSeconds >= 0),
    'options.refetchWaitSeconds',
    'a number of seconds, at least 0',
  );
  if (o.jwksUri !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(String(o.jwksUri));
    } catch {
      url = undefined;
    }
    check(
      typeof o.jwksUri === 'string' && (url?.protocol === 'https:' || url?.protocol === 'http:'),
      'options.jwksUri',
      'an http(s) URL',
    );
  }
  return o as CognitoAuthOptions;
}

/** Fetches the key set from `jwksUri` whatever URI the verifier derived from the pool. */
function redirectingFetcher(jwksUri: string, poolJwksUri: string): Fetcher {
  return {
    async fetch(uri) {
      const response = await fetch(uri === poolJwksUri ? jwksUri : uri, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) throw new Error(`key set fetch answered ${response.status}`);
      return response.arrayBuffer();
    },
  };
}

type Verifier = { verify(token: string): Promise<Record<string, unknown>> };

/**
 * The CognitoAuth block: signs in the users of an Amazon Cognito user pool (the one Amplify Gen 2's
 * `defineAuth` creates) by verifying the `Authorization: Bearer <token>` of each request with
 * `aws-jwt-verify`: signature against the pool's key set (cached, fetched again when a token names
 * a key id it lacks), issuer, app client, `token_use`, expiry. It keeps AuthBasic's gatekeeping
 * contract: `requireAuth` throws `SessionExpiredException` (401) without a valid token.
 */
export class CognitoAuth extends Scope implements BlocksAuth<CognitoUser, BlocksContext> {
  readonly #options: CognitoAuthOptions;
  #verifier: Verifier | undefined;
  #config: PoolConfig | undefined;
  #warned = false;

  constructor(scope: ScopeParent, id: string, options: CognitoAuthOptions = {}) {
    super(id, { parent: scope, bbName: 'CognitoAuth', bbVersion: VERSION });
    this.#options = validate(options);
  }

  /** The pool and clients in use: options, then the environment, then `amplify_outputs.json`. */
  get poolConfig(): { userPoolId: string; clientIds: string[] } | undefined {
    this.#config ??= this.#resolveConfig();
    return this.#config ? { ...this.#config, clientIds: [...this.#config.clientIds] } : undefined;
  }

  #resolveConfig(): PoolConfig | undefined {
    const o = this.#options;
    const envPool = process.env.COGNITO_USER_POOL_ID || undefined;
    const envClient = process.env.COGNITO_CLIENT_ID || undefined;
    const file = o.userPoolId && o.clientId ? {} : fromAmplifyOutputs();
    const userPoolId = o.userPoolId ?? envPool ?? file.userPoolId;
    const clientIds =
      o.clientId !== undefined
        ? typeof o.clientId === 'string'
          ? [o.clientId]
          : o.clientId
        : envClient !== undefined
          ? envClient.split(',').map((c) => c.trim())
          : file.clientIds;
    if (!userPoolId || !POOL_ID.test(userPoolId) || !clientIds?.every((c) => CLIENT_ID.test(c))) {
      return undefined;
    }
    return { userPoolId, clientIds };
  }

  #getVerifier(): Verifier | undefined {
    if (this.#verifier) return this.#verifier;
    const config = this.poolConfig;
    if (!config) {
      if (!this.#warned) {
        this.#warned = true;
        console.error(
          `[auth] CognitoAuth '${this.id}': no user pool configured (set COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID, or run it beside amplify_outputs.json); every request is signed out`,
        );
      }
      return undefined;
    }
    const o = this.#options;
    const tokenUse = o.tokenUse ?? 'either';
    const { jwksUri: poolJwksUri } = CognitoJwtVerifier.parseUserPoolId(config.userPoolId);
    const jwksCache = new SimpleJwksCache({
      penaltyBox: new SimplePenaltyBox({ waitSeconds: o.refetchWaitSeconds ?? 10 }),
      ...(o.jwksUri ? { fetcher: redirectingFetcher(o.jwksUri, poolJwksUri) } : {}),
    });
    this.#verifier = CognitoJwtVerifier.create(
      {
        userPoolId: config.userPoolId,
        clientId: config.clientIds,
        tokenUse: tokenUse === 'either' ? null : tokenUse,
        groups: o.groups ?? null,
        graceSeconds: o.graceSeconds ?? 0,
        customJwtCheck: ({ payload }) => {
          // With `tokenUse: null` the library accepts any token_use; only the pool's two kinds are users.
          if (payload.token_use !== 'id' && payload.token_use !== 'access') {
            throw new Error('unexpected token_use');
          }
        },
      },
      { jwksCache },
    ) as unknown as Verifier;
    return this.#verifier;
  }

  /**
   * The user of the request's bearer token.
   * @throws SessionExpiredException (401) when the token is missing, malformed, expired, from
   * another pool or client, of the wrong kind, or not signed by the pool.
   */
  async requireAuth(context: BlocksContext): Promise<CognitoUser> {
    const user = await this.getCurrentUser(context);
    if (!user) throw sessionExpired();
    return user;
  }

  /** Whether the request carries a valid user-pool token. */
  async checkAuth(context: BlocksContext): Promise<boolean> {
    return (await this.getCurrentUser(context)) !== null;
  }

  /** The user of the request's bearer token, or `null`. */
  async getCurrentUser(context: BlocksContext): Promise<CognitoUser | null> {
    if (typeof context?.request !== 'object' || context.request === null) {
      throw new ApiError(`CognitoAuth '${this.id}' needs the BlocksContext of the request`, 500);
    }
    const header = requestHeader(context.request, 'authorization');
    if (header === null || header.length > MAX_TOKEN_LENGTH) return null;
    const token = BEARER.exec(header.trim())?.[1];
    if (token === undefined) return null;
    const verifier = this.#getVerifier();
    if (!verifier) return null;
    let payload: Record<string, unknown>;
    try {
      payload = await verifier.verify(token);
    } catch {
      // Never logged: the reason may quote the token.
      return null;
    }
    return toUser(payload);
  }
}

function toUser(payload: Record<string, unknown>): CognitoUser | null {
  const sub = payload.sub;
  const username = payload.token_use === 'id' ? payload['cognito:username'] : payload.username;
  if (typeof sub !== 'string' || sub === '') return null;
  const groups = payload['cognito:groups'];
  const user: CognitoUser = {
    userId: sub,
    username: typeof username === 'string' && username !== '' ? username : sub,
    groups: isStringArray(groups) ? [...groups] : [],
  };
  if (payload.token_use === 'id' && typeof payload.email === 'string') user.email = payload.email;
  return user;
}
