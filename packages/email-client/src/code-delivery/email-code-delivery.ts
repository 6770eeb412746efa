import { isEmailAddress } from '../address.js';
import type { EmailClient } from '../email-client.js';
import { invalidInput } from '../errors.js';
import { type CodeEmailTemplate, type CodePurpose, defaultCodeEmail } from './code-email.js';

/** Options of {@link emailCodeDelivery}. */
export interface EmailCodeDeliveryOptions {
  /** The app's name in the subject and text (default `your app`). */
  appName?: string;
  /** Replaces {@link defaultCodeEmail}. */
  template?: CodeEmailTemplate;
}

/**
 * An AuthBasic `codeDelivery` that e-mails the code with `email`: usernames must then be
 * e-mail addresses ({@link isEmailAddress}, the one address rule of this package). The function
 * carries `validateUsername`, which AuthBasic calls at sign-up, so a username that is not an address
 * is refused there with InvalidInput before any account exists; a delivery to one fails the same way,
 * marked `permanent` (never retried), as are the permanent transport failures (see `emailError`).
 * `new AuthBasic(scope, 'auth', { codeDelivery: emailCodeDelivery(email, { appName: 'Acme' }) })`.
 */
export function emailCodeDelivery(
  email: EmailClient,
  options: EmailCodeDeliveryOptions = {},
): ((username: string, code: string, purpose?: CodePurpose) => Promise<void>) & {
  validateUsername(username: string): void;
} {
  const appName = options.appName ?? 'your app';
  if (typeof appName !== 'string' || appName.trim() === '' || /[\r\n]/.test(appName)) {
    throw invalidInput("emailCodeDelivery: 'appName' must be a non-empty single line");
  }
  const template = options.template ?? defaultCodeEmail;
  if (typeof template !== 'function') throw invalidInput("emailCodeDelivery: 'template' must be a function");
  const deliver = async (username: string, code: string, purpose: CodePurpose = 'signup') => {
    validateUsername(username);
    const content = template({ code, purpose, username, appName });
    await email.send({ to: username, subject: content.subject, body: content.body, html: content.html });
  };
  return Object.assign(deliver, { validateUsername });
}

/** InvalidInput (permanent) unless `username` is an e-mail address codes can be sent to. */
function validateUsername(username: string): void {
  if (!isEmailAddress(username)) {
    throw invalidInput(
      'the username is not an e-mail address: codes are delivered by e-mail, so usernames must be e-mail addresses',
    );
  }
}
