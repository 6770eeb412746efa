// RFC 5322 dot-atom local part and an RFC 1035 host name of at least two labels. Quoted local parts,
// comments and address literals are refused on purpose: no provider needs them for real users, and
// every accepted byte is one more thing a header could be abused with. Non-ASCII (EAI) addresses are
// refused for the same reason.
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const ADDRESS = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${LABEL}(?:\\.${LABEL})+$`);
// `Display Name <address>`: a name of printable characters without the ones that end or quote it.
const NAMED = /^([^<>"\r\n\0]{0,200}?)\s*<([^<>\s]+)>$/;

/** Longest address accepted (RFC 5321 path limit minus the angle brackets). */
export const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;

/** True when `value` is a plain e-mail address (`user@example.com`) this package accepts. */
export function isEmailAddress(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_ADDRESS_LENGTH) return false;
  const at = value.lastIndexOf('@');
  return at > 0 && at <= MAX_LOCAL_LENGTH && ADDRESS.test(value);
}

/** A parsed mailbox: the bare address and an optional display name. */
export interface MailAddress {
  readonly address: string;
  readonly name?: string;
}

/** Parses `user@example.com` or `Name <user@example.com>`; `null` when it is neither. */
export function parseAddress(value: unknown): MailAddress | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (isEmailAddress(text)) return { address: text };
  const named = NAMED.exec(text);
  if (!named?.[2] || !isEmailAddress(named[2])) return null;
  const name = named[1]?.trim();
  return name ? { address: named[2], name } : { address: named[2] };
}

/** The mailbox as a header value: the bare address, or `"Name" <address>`. */
export function formatAddress(mailbox: MailAddress): string {
  if (!mailbox.name) return mailbox.address;
  return `"${mailbox.name.replace(/["\\]/g, '\\$&')}" <${mailbox.address}>`;
}
