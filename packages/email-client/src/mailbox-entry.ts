/**
 * @module @blockyard/email-client/mailbox — the local mailbox and the sandbox's dev inbox, for tools
 * and tests that read what was "sent" locally: where a block's mailbox file is, its entries, and the
 * inbox view the dev inbox page shows. Apps need only the root entry.
 */

export { type DevInboxView, readInbox } from './dev-inbox/inbox-route.js';
export { DEV_INBOX_PATH } from './dev-inbox/register.js';
export { mailboxFile } from './mailbox/data-dir.js';
export { MAILBOX_LIMIT, type MailboxEntry } from './mailbox/mailbox.js';
