import { readFileSync } from 'node:fs';
import { formatAddress } from '../address.js';
import { EmailErrors, emailError } from '../errors.js';
import type { EmailTransport, OutgoingEmail, SentEmail } from '../transport.js';
import type { TransportConfig } from '../transport-url.js';
import { smtpError } from './smtp-errors.js';

type SmtpConfig = Extract<TransportConfig, { kind: 'smtp' }>;
type Mailer = import('nodemailer').Transporter;

/**
 * SMTP through a nodemailer connection pool: STARTTLS whenever the server offers it, and required
 * (D-26) for a relay that is not loopback as written or with `starttls=required` — a relay that then
 * does not offer it gets neither the password nor the message; certificates verified, bounded
 * timeouts, and nodemailer's own logging off so neither credentials nor message contents reach a log.
 */
export function createSmtpTransport(config: SmtpConfig, description: string): EmailTransport {
  let mailer: Promise<Mailer> | undefined;
  const open = async (): Promise<Mailer> => {
    const { createTransport } = await import('nodemailer');
    let ca: string | undefined;
    if (config.caFile) {
      try {
        ca = readFileSync(config.caFile, 'utf8');
      } catch (error) {
        throw emailError(EmailErrors.SendFailed, `cannot read the CA file of BLOCKS_EMAIL_URL`, {
          cause: error,
        });
      }
    }
    return createTransport({
      pool: true,
      maxConnections: config.maxConnections,
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTls,
      auth: config.user === undefined ? undefined : { user: config.user, pass: config.password ?? '' },
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      tls: { minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
      logger: false,
      debug: false,
    });
  };
  return {
    kind: 'smtp',
    description,
    async send(email: OutgoingEmail): Promise<SentEmail> {
      mailer ??= open();
      const transport = await mailer.catch((error: unknown) => {
        mailer = undefined;
        throw error;
      });
      try {
        const info = await transport.sendMail({
          from: formatAddress(email.from),
          to: email.to.map(formatAddress),
          cc: email.cc.length ? email.cc.map(formatAddress) : undefined,
          bcc: email.bcc.length ? email.bcc.map(formatAddress) : undefined,
          replyTo: email.replyTo.length ? email.replyTo.map(formatAddress) : undefined,
          subject: email.subject,
          text: email.body,
          html: email.html,
          // No file or URL content: every part is the string given, never read from disk or fetched.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        return { messageId: String(info.messageId), refused: info.rejected?.length ?? 0 };
      } catch (error) {
        throw smtpError(error, config.requireTls);
      }
    },
    async close(): Promise<void> {
      const pending = mailer;
      mailer = undefined;
      if (pending) (await pending.catch(() => undefined))?.close();
    },
  };
}
