/** Names the Secrets Manager secret whose value becomes `BLOCKS_AUTH_SIGNING_KEYS` (set by the construct). */
export const SIGNING_KEYS_SECRET_ENV = 'BLOCKS_AUTH_SIGNING_KEYS_SECRET_ARN';
/** The variable AuthBasic reads its signing keys from (D-13). */
export const SIGNING_KEYS_ENV = 'BLOCKS_AUTH_SIGNING_KEYS';

/**
 * Fills `BLOCKS_AUTH_SIGNING_KEYS` from Secrets Manager at cold start when the function names a
 * secret and the variable is not set already. The keys then live only in this process's memory, not
 * in the function's configuration, where anyone allowed to read the configuration could see them.
 * The SDK client is the one the Node.js Lambda runtime ships, loaded only when a secret is named.
 */
export async function loadSecretEnv(env: NodeJS.ProcessEnv): Promise<void> {
  const secretId = env[SIGNING_KEYS_SECRET_ENV];
  if (!secretId || (env[SIGNING_KEYS_ENV] ?? '').trim() !== '') return;
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!SecretString || SecretString.trim() === '') {
      throw new Error(`the secret named by ${SIGNING_KEYS_SECRET_ENV} is empty`);
    }
    env[SIGNING_KEYS_ENV] = SecretString.trim();
  } finally {
    client.destroy();
  }
}
