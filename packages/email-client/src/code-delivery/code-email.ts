/** Why a code is sent: to confirm a new account or to reset a password. */
export type CodePurpose = 'signup' | 'reset';

/** What a code e-mail template receives. */
export interface CodeEmailInput {
  /** The one-time code; put it in the message, never in a log. */
  code: string;
  purpose: CodePurpose;
  /** The recipient's username (their e-mail address). */
  username: string;
  /** The app's name as users know it. */
  appName: string;
}

/** A code e-mail: subject line, plain text and HTML. */
export interface CodeEmailContent {
  subject: string;
  body: string;
  html: string;
}

/** Makes the code e-mail; pass your own to {@link emailCodeDelivery} to change wording or look. */
export type CodeEmailTemplate = (input: CodeEmailInput) => CodeEmailContent;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const WORDING: Record<CodePurpose, { subject: string; lead: string; ignore: string }> = {
  signup: {
    subject: 'Your {app} verification code',
    lead: 'Enter this code to confirm your new {app} account:',
    ignore: 'If you did not sign up, ignore this message: no account is created without the code.',
  },
  reset: {
    subject: 'Your {app} password reset code',
    lead: 'Enter this code to choose a new {app} password:',
    ignore: 'If you did not ask to reset your password, ignore this message: your password stays as it is.',
  },
};

/**
 * The default template: a short subject naming the app, the code on a line of its own in the text
 * part, and a plain, inline-styled HTML part (mail clients drop style sheets).
 */
export const defaultCodeEmail: CodeEmailTemplate = ({ code, purpose, appName }) => {
  const words = WORDING[purpose] ?? WORDING.signup;
  const fill = (text: string) => text.replaceAll('{app}', appName);
  const lead = fill(words.lead);
  const body = `${lead}\n\n    ${code}\n\nThe code expires soon and works once.\n${words.ignore}\n`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1d1f23">
<p>${escapeHtml(lead)}</p>
<p style="font-size:28px;font-weight:700;letter-spacing:6px;margin:16px 0">${escapeHtml(code)}</p>
<p style="color:#555">The code expires soon and works once.<br>${escapeHtml(words.ignore)}</p>
</body></html>`;
  return { subject: fill(words.subject), body, html };
};
