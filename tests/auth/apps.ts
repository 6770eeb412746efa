/**
 * @module tests/auth/apps — backends of the throw-away apps the AuthBasic end-to-end tests run.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { randomId } from './support.js';

/** Options of {@link authAppSource}. */
export interface AuthAppSpec {
  /** Configure `codeDelivery` (appends each code to `process.env.CODES_FILE`). */
  codeDelivery?: boolean;
  /** `accountActions: true`. */
  accountActions?: boolean;
  /** Session lifetime in seconds (default 3600). */
  sessionDuration?: number;
}

/** The fixture backend and the names and environment one throw-away app of it needs. */
export interface AuthAppSource {
  /** The text of `tests/auth/fixture-app/aws-blocks/index.ts`. */
  readonly source: string;
  /** The environment that configures it (see the fixture's module comment). */
  readonly env: Record<string, string>;
  readonly scopeId: string;
  /** The AuthBasic block's fullId, `<scopeId>-auth`. */
  readonly fullId: string;
  /** `auth_<fullId>` */
  readonly cookieName: string;
}

/** The password every test user gets unless a test says otherwise (meets the policy below). */
export const PASSWORD = 'correct-horse-42';

/** Where the fixture backend lives: a real file, so the typecheck and the linter see it. */
export const FIXTURE_BACKEND = fileURLToPath(new URL('./fixture-app/aws-blocks/index.ts', import.meta.url));

/**
 * An app serving the fixture backend (AuthBasic with a policy of 8 characters and a digit, short
 * lockout and code waits, the R-210 `api.getProfile`, `authApi` and `testApi`), under a fresh scope id.
 */
export async function authAppSource(spec: AuthAppSpec = {}): Promise<AuthAppSource> {
  const scopeId = `t${randomId()}`;
  const fullId = `${scopeId}-auth`;
  const env: Record<string, string> = {
    AUTH_FIXTURE_SCOPE: scopeId,
    AUTH_FIXTURE_SESSION_DURATION: String(spec.sessionDuration ?? 3600),
  };
  if (spec.codeDelivery) env.AUTH_FIXTURE_CODES = '1';
  if (spec.accountActions) env.AUTH_FIXTURE_ACCOUNT_ACTIONS = '1';
  const source = await readFile(FIXTURE_BACKEND, 'utf8');
  return { source, env, scopeId, fullId, cookieName: `auth_${fullId}` };
}
