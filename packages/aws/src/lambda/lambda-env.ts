/** Settings the Lambda handler reads from its environment (the construct sets them). */
export interface LambdaEnv {
  /** `CORS_ALLOWED_ORIGINS`, comma-separated (D-05). */
  allowedOrigins: string[];
  /** `BLOCKS_ALLOWED_HOSTS`, comma-separated host names or `name:port`; empty allows any host (D-20). */
  allowedHosts: string[];
  /** `BLOCKS_TRUST_PROXY`: proxy hops trusted in `X-Forwarded-For` (D-21); the gateway is one. */
  trustProxy: number;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * Reads {@link LambdaEnv}. `BLOCKS_TRUST_PROXY` defaults to 1 here, since API Gateway and Function
 * URLs always sit in front of the function; a bad value is a deployment mistake and throws.
 */
export function readLambdaEnv(env: NodeJS.ProcessEnv): LambdaEnv {
  const rawTrust = (env.BLOCKS_TRUST_PROXY ?? '').trim().toLowerCase();
  let trustProxy: number;
  if (rawTrust === '') trustProxy = 1;
  else if (/^\d{1,2}$/.test(rawTrust)) trustProxy = Number(rawTrust);
  else if (['true', 'yes', 'on'].includes(rawTrust)) trustProxy = 1;
  else if (['false', 'no', 'off'].includes(rawTrust)) trustProxy = 0;
  else
    throw new TypeError(`Invalid BLOCKS_TRUST_PROXY "${env.BLOCKS_TRUST_PROXY}": use a hop count such as 1`);
  return {
    allowedOrigins: list(env.CORS_ALLOWED_ORIGINS),
    allowedHosts: list(env.BLOCKS_ALLOWED_HOSTS),
    trustProxy,
  };
}
