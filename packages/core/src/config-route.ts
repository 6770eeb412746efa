/** Path of the runtime config the sandbox serves. */
export const CONFIG_ROUTE_PATH = '/.blocks-sandbox/config.json';

/** Default sandbox port. */
export const DEFAULT_SANDBOX_PORT = 3001;

/** The body of the sandbox runtime config: where the API is and which environment answers. */
export function sandboxConfigBody(port: number): string {
  return JSON.stringify({ apiUrl: `http://localhost:${port}/aws-blocks/api`, environment: 'sandbox' });
}
