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
 * e-mail addresses, and one that is not fails with InvalidInput before anything is sent.
 * `new AuthBasic(scope, 'auth', { codeDelivery: emailCodeDelivery(email, { appName: 'Acme' }) })`.
 */
export function emailCodeDelivery(
  email: EmailClient,
  options: EmailCodeDeliveryOptions = {},
): (username: string, code: string, purpose?: CodePurpose) => Promise<void> {
  const appName = options.appName ?? 'your app';
  if (typeof appName !== 'string' || appName.trim() === '' || /[\r\n]/.test(appName)) {
    throw invalidInput("emailCodeDelivery: 'appName' must be a non-empty single line");
  }
  const template = options.template ?? defaultCodeEmail;
  if (typeof template !== 'function') throw invalidInput("emailCodeDelivery: 'template' must be a function");
  return async (username, code, purpose = 'signup') => {
    if (!isEmailAddress(username)) {
      throw invalidInput(
        'the username is not an e-mail address: codes are delivered by e-mail, so usernames must be e-mail addresses',
      );
    }
    const content = template({ code, purpose, username, appName });
    await email.send({ to: username, subject: content.subject, body: content.body, html: content.html });
  };
}
