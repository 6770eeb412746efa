import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { formatAddress } from '../address.js';
import { EmailErrors, emailError } from '../errors.js';
import type { EmailTransport, OutgoingEmail, SentEmail } from '../transport.js';
import type { TransportConfig } from '../transport-url.js';
import { sesError } from './ses-errors.js';

type SesConfig = Extract<TransportConfig, { kind: 'ses' }>;
type Sdk = typeof import('@aws-sdk/client-sesv2');

/** Loads the AWS SDK's SES v2 client; a parameter so a test can point it at a package that is absent. */
export type SesSdkLoader = () => Promise<Sdk>;

/** The package SES sending needs: an optional peer, so apps that never use SES do not install it. */
export const SES_SDK_PACKAGE = '@aws-sdk/client-sesv2';

const loadSesSdk: SesSdkLoader = () => import('@aws-sdk/client-sesv2');

/**
 * The SDK, or — when it is not installed — an error naming the command that installs it. SendFailed
 * (502, not retriable): no message can leave until the server is fixed, and the caller's input is fine.
 */
async function openSdk(load: SesSdkLoader): Promise<Sdk> {
  try {
    return await load();
  } catch (error) {
    const missing = (error as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND';
    throw emailError(
      EmailErrors.SendFailed,
      missing
        ? `BLOCKS_EMAIL_URL is ses:// but ${SES_SDK_PACKAGE} is not installed: npm install ${SES_SDK_PACKAGE}`
        : `cannot load ${SES_SDK_PACKAGE} for the SES transport`,
      { cause: error },
    );
  }
}

const UTF8 = 'UTF-8';

/**
 * Amazon SES v2 `SendEmail` with simple content. Credentials come from the SDK's standard chain
 * (environment, shared files, container or instance roles); the SDK retries throttled calls itself
 * before the error reaches {@link sesError}. The SDK is an optional peer loaded at the first send, so
 * an app that never sends through SES neither installs nor loads it.
 */
export function createSesTransport(
  config: SesConfig,
  description: string,
  load: SesSdkLoader = loadSesSdk,
): EmailTransport {
  let opening: Promise<{ client: SESv2Client; SendEmailCommand: Sdk['SendEmailCommand'] }> | undefined;
  let opened: SESv2Client | undefined;
  const open = async () => {
    const sdk = await openSdk(load);
    opened = new sdk.SESv2Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    });
    return { client: opened, SendEmailCommand: sdk.SendEmailCommand };
  };
  return {
    kind: 'ses',
    description,
    async send(email: OutgoingEmail): Promise<SentEmail> {
      opening ??= open();
      const { client, SendEmailCommand } = await opening.catch((error: unknown) => {
        // Not cached: once the SDK is installed (or the loader's failure passes), the next send tries again.
        opening = undefined;
        throw error;
      });
      const command = new SendEmailCommand({
        FromEmailAddress: formatAddress(email.from),
        Destination: {
          ToAddresses: email.to.map(formatAddress),
          CcAddresses: email.cc.map(formatAddress),
          BccAddresses: email.bcc.map(formatAddress),
        },
        ReplyToAddresses: email.replyTo.length ? email.replyTo.map(formatAddress) : undefined,
        ConfigurationSetName: email.configurationSet,
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: UTF8 },
            Body: {
              Text: { Data: email.body, Charset: UTF8 },
              ...(email.html === undefined ? {} : { Html: { Data: email.html, Charset: UTF8 } }),
            },
          },
        },
      });
      try {
        const output = await client.send(command);
        return { messageId: output.MessageId ?? '', refused: 0 };
      } catch (error) {
        throw sesError(error);
      }
    },
    async close(): Promise<void> {
      opened?.destroy();
      opened = undefined;
      opening = undefined;
    },
  };
}
