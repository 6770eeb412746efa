// The AuthBasic example backend with code-confirmed sign-up and password reset, the codes sent by
// e-mail through an EmailClient (usernames are e-mail addresses). Without BLOCKS_EMAIL_URL the mail
// stays in a local mailbox that `blockyard sandbox` shows at /aws-blocks/dev/inbox; with
// BLOCKS_EMAIL_URL=smtp://… or ses://<region> it is really sent.

import { AuthBasic } from '@aws-blocks/bb-auth-basic';
import { EmailClient, emailCodeDelivery } from '@aws-blocks/bb-email-client';
import { ApiNamespace, Scope } from '@aws-blocks/blocks';

const scope = new Scope('my-app');
const email = new EmailClient(scope, 'email', {
  fromAddress: process.env.MAIL_FROM ?? 'My App <no-reply@example.com>',
});
const auth = new AuthBasic(scope, 'auth', {
  sessionDuration: 86400,
  passwordPolicy: { minLength: 8, requireDigits: true },
  codeDelivery: emailCodeDelivery(email, { appName: 'My App' }),
});

export const api = new ApiNamespace(scope, 'api', (context) => ({
  async getProfile() {
    const user = await auth.requireAuth(context);
    return { username: user.username, createdAt: user.createdAt };
  },
}));

export const authApi = auth.createApi();
