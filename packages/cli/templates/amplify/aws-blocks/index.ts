import { AuthBasic } from '@aws-blocks/bb-auth-basic';
import { ApiNamespace, Scope } from '@aws-blocks/blocks';
import { CognitoAuth } from '@blockyard/auth-cognito';

const scope = new Scope('my-app');
// Username and password accounts of the Blocks API itself. The page calls the API's own
// execute-api host, another site than the page: its session cookie must be a cross-site one.
const auth = new AuthBasic(scope, 'auth', {
  sessionDuration: 86400,
  passwordPolicy: { minLength: 8, requireDigits: true },
  crossDomain: true,
});
// The users of the app's Amplify user pool (amplify/auth/resource.ts), by the ID or access token
// the page sends as "Authorization: Bearer". amplify/blocks.ts gives the function the pool's ids.
const cognito = new CognitoAuth(scope, 'cognito');
export const api = new ApiNamespace(scope, 'api', (context) => ({
  async getProfile() {
    const user = await auth.requireAuth(context);
    return { username: user.username, createdAt: user.createdAt };
  },
  async whoAmI() {
    const user = await cognito.requireAuth(context);
    return { userId: user.userId, username: user.username, email: user.email ?? null, groups: user.groups };
  },
}));
export const authApi = auth.createApi();
