/**
 * @module @blockyard/email-client — the EmailClient block: e-mail over SMTP or Amazon SES v2, a
 * local mailbox when no transport is configured, the sandbox's dev inbox, and an AuthBasic code
 * delivery built on it. The local mailbox and the dev inbox are read through
 * `@blockyard/email-client/mailbox`.
 */

export { isEmailAddress, MAX_ADDRESS_LENGTH } from './address.js';
export {
  type CodeEmailContent,
  type CodeEmailInput,
  type CodeEmailTemplate,
  type CodePurpose,
  defaultCodeEmail,
  escapeHtml,
} from './code-delivery/code-email.js';
export { type EmailCodeDeliveryOptions, emailCodeDelivery } from './code-delivery/email-code-delivery.js';
export { type BatchResult, EmailClient, MAX_BATCH_MESSAGES } from './email-client.js';
export { type EmailErrorName, EmailErrors } from './errors.js';
export { type EmailMessage, MAX_MESSAGE_BYTES, MAX_RECIPIENTS, MAX_SUBJECT_LENGTH } from './message.js';
export type { EmailClientOptions, EmailLogger } from './options.js';
export { closeEmailTransports } from './transport-registry.js';
