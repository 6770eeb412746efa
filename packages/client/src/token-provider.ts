/**
 * Where a call's bearer token comes from: a function answering the current token (an Amplify/Cognito
 * ID or access token, for CognitoAuth), or nothing when the user is signed out.
 */
export type TokenProvider = () => string | null | undefined | Promise<string | null | undefined>;

let configured: TokenProvider | undefined;

/**
 * Sets the token provider of every namespace client without one of its own; `undefined` removes it.
 * Each call then carries `Authorization: Bearer <token>` whenever the provider answers a token. With
 * Amplify: `configureTokenProvider(async () => (await fetchAuthSession()).tokens?.idToken?.toString())`.
 */
export function configureTokenProvider(provider: TokenProvider | undefined): void {
  if (provider !== undefined && typeof provider !== 'function') {
    throw new TypeError('configureTokenProvider expects a function answering a token, or undefined');
  }
  configured = provider;
}

/** The `Authorization` value for a call: from `own`, else the configured provider; undefined without a token. */
export async function bearerAuthorization(own: TokenProvider | undefined): Promise<string | undefined> {
  const provider = own ?? configured;
  if (!provider) return undefined;
  const token = await provider();
  if (token === undefined || token === null || token === '') return undefined;
  if (typeof token !== 'string' || /\s/.test(token)) {
    throw new TypeError('The token provider must answer a token string without spaces, or nothing');
  }
  return `Bearer ${token}`;
}
