// The backend of the web example with code-confirmed sign-up and password reset. The codes are
// printed to the sandbox console so the flows can be tried locally; that is for local development
// only: a real app delivers them by e-mail or SMS and never writes them to a log.

import { AuthBasic } from '@aws-blocks/bb-auth-basic';
import { ApiNamespace, Scope } from '@aws-blocks/blocks';

const scope = new Scope('my-app');
const auth = new AuthBasic(scope, 'auth', {
  sessionDuration: 86400,
  passwordPolicy: { minLength: 8, requireDigits: true },
  codeDelivery: async (username: string, code: string) => {
    console.log(`Verification code for ${username}: ${code}`);
  },
});

export const api = new ApiNamespace(scope, 'api', (context) => ({
  async getProfile() {
    const user = await auth.requireAuth(context);
    return { username: user.username, createdAt: user.createdAt };
  },
}));

export const authApi = auth.createApi();
