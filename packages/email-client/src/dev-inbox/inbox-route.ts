import { randomBytes } from 'node:crypto';
import type { BlocksContext } from '@blockyard/core';
import { Mailbox, type MailboxEntry } from '../mailbox/mailbox.js';
import { inboxPage } from './inbox-page.js';
import { inboxTransports } from './inbox-transports.js';

/** The dev inbox's JSON view. */
export interface DevInboxView {
  /** Where the EmailClients of the backend send (`the local mailbox …`, `smtp://…`). */
  transports: string[];
  /** Every message in the local mailboxes, newest first. */
  messages: MailboxEntry[];
}

/** Every message of every local mailbox of this process, newest first. */
export async function readInbox(): Promise<DevInboxView> {
  const lists = await Promise.all(Mailbox.all().map((mailbox) => mailbox.list()));
  const messages = lists
    .flat()
    .sort((a, b) => (a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : 0));
  return { transports: [...inboxTransports()], messages };
}

/**
 * `GET /aws-blocks/dev/inbox`: the page, or with `?format=json` (or `Accept: application/json`) the
 * {@link DevInboxView} the page polls. Never cached: it shows codes.
 */
export async function devInboxHandler(context: BlocksContext): Promise<void> {
  const { request, response } = context;
  const headers = response.headers;
  headers.set('cache-control', 'no-store');
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'no-referrer');
  const wantsJson =
    request.url.searchParams.get('format') === 'json' ||
    (request.headers.get('accept') ?? '').startsWith('application/json');
  if (wantsJson) {
    headers.set('content-type', 'application/json; charset=utf-8');
    response.send(JSON.stringify(await readInbox()));
    return;
  }
  const nonce = randomBytes(16).toString('base64');
  headers.set('content-type', 'text/html; charset=utf-8');
  // Mail content is only ever inserted as text or into a sandboxed frame; the policy backs that up.
  // The HTML part's frame inherits this policy: inline styles stay allowed so it looks as sent, while
  // remote images (tracking pixels) and every script but the page's own are refused.
  headers.set(
    'content-security-policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; frame-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  response.send(inboxPage(nonce));
}
