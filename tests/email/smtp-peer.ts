/**
 * @module tests/email/smtp-peer — a real SMTP server on loopback for the EmailClient tests
 * (smtp-server): STARTTLS with a certificate made at start, AUTH required, every accepted message
 * parsed with mailparser; it can refuse recipients, refuse senders, and cut the connection in the
 * middle of DATA.
 */
import { writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';

/** A message the peer accepted. */
export interface ReceivedMail {
  /** SMTP envelope: MAIL FROM and every RCPT TO, Bcc included. */
  envelope: { from: string; to: string[] };
  /** Whether the session was upgraded to TLS before DATA. */
  secure: boolean;
  /** Who authenticated. */
  user: string | undefined;
  parsed: ParsedMail;
}

/** Options of {@link startSmtpPeer}. */
export interface SmtpPeerOptions {
  /** Listen on this port (default: any free one). */
  port?: number;
  user?: string;
  password?: string;
  /** TLS from the first byte (`smtps://`) instead of STARTTLS. */
  implicitTls?: boolean;
  /**
   * Offer no STARTTLS and take AUTH in clear, as a relay does when someone on the path strips
   * STARTTLS from its answer.
   */
  noStartTls?: boolean;
  /** Address to listen on (default 127.0.0.1). */
  listenHost?: string;
}

/** A running peer. */
export interface SmtpPeer {
  readonly port: number;
  /** The CA file (the peer's self-signed certificate) to pass as `?ca=`. */
  readonly caFile: string;
  /** `smtp(s)://user:password@127.0.0.1:<port>?ca=<caFile>` plus `extra` query options. */
  url(extra?: string): string;
  readonly received: ReceivedMail[];
  /** Recipients answered `550` at RCPT TO. */
  readonly refusedRecipients: Set<string>;
  /** Recipients answered `451` (try again later, as greylisting does) at RCPT TO. */
  readonly deferredRecipients: Set<string>;
  /** Senders answered `553` at MAIL FROM. */
  readonly refusedSenders: Set<string>;
  /** How many AUTH commands arrived, and how many of them over a plain connection. */
  readonly auths: { total: number; plaintext: number };
  /** Cuts the connection during the next `n` DATA transfers. */
  dropNextData(n?: number): void;
  /** How many times DATA was cut. */
  readonly drops: number;
  close(): Promise<void>;
}

let cert: Promise<{ key: string; cert: string }> | undefined;
function certificate(): Promise<{ key: string; cert: string }> {
  cert ??= generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return cert;
}

/** Writes the certificate every peer of this process uses to `<dir>/smtp-ca.pem` (before one runs). */
export async function writeSmtpCa(dir: string): Promise<string> {
  const caFile = join(dir, 'smtp-ca.pem');
  writeFileSync(caFile, (await certificate()).cert);
  return caFile;
}

/** Starts the peer on 127.0.0.1. */
export async function startSmtpPeer(dir: string, options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const { key, cert: pem } = await certificate();
  const caFile = await writeSmtpCa(dir);
  const user = options.user ?? 'mailer';
  const password = options.password ?? 'p@ss:w0rd/!';
  const received: ReceivedMail[] = [];
  const refusedRecipients = new Set<string>();
  const refusedSenders = new Set<string>();
  const deferredRecipients = new Set<string>();
  const sockets = new Set<Socket>();
  let toDrop = 0;
  let drops = 0;
  const auths = { total: 0, plaintext: 0 };
  const server = new SMTPServer({
    key,
    cert: pem,
    secure: options.implicitTls === true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    allowInsecureAuth: options.noStartTls === true,
    hideSTARTTLS: options.noStartTls === true,
    disabledCommands: options.noStartTls === true ? ['STARTTLS'] : [],
    logger: false,
    size: 50 * 1024 * 1024,
    onAuth(auth, session, callback) {
      auths.total += 1;
      if (!session.secure) auths.plaintext += 1;
      if (auth.username === user && auth.password === password) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onMailFrom(address, _session, callback) {
      if (refusedSenders.has(address.address)) {
        callback(Object.assign(new Error('Sender address rejected'), { responseCode: 553 }));
      } else callback();
    },
    onRcptTo(address, _session, callback) {
      if (refusedRecipients.has(address.address)) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      } else if (deferredRecipients.has(address.address)) {
        callback(Object.assign(new Error('Greylisted, try again later'), { responseCode: 451 }));
      } else callback();
    },
    onData(stream, session, callback) {
      if (toDrop > 0) {
        toDrop -= 1;
        drops += 1;
        stream.once('data', () => {
          for (const socket of sockets) socket.destroy();
        });
        stream.on('end', () => callback(new Error('dropped')));
        stream.resume();
        return;
      }
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
      };
      simpleParser(stream).then(
        (parsed) => {
          received.push({
            envelope,
            secure: session.secure,
            user: session.user as string | undefined,
            parsed,
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  // Clients that vanish (a cut connection, a stopped sandbox) make the server emit socket errors;
  // they are part of what these tests do, not failures of the peer.
  server.on('error', () => {});
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.listenHost ?? '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    port,
    caFile,
    url: (extra = '') =>
      `${options.implicitTls ? 'smtps' : 'smtp'}://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}?ca=${encodeURIComponent(caFile)}${extra}`,
    received,
    refusedRecipients,
    deferredRecipients,
    refusedSenders,
    auths,
    dropNextData(n = 1) {
      toDrop = n;
    },
    get drops() {
      return drops;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
