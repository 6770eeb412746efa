import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { formatAddress } from '../address.js';
import type { EmailTransport, OutgoingEmail, SentEmail } from '../transport.js';
import type { TransportConfig } from '../transport-url.js';
import { sesError } from './ses-errors.js';

type SesConfig = Extract<TransportConfig, { kind: 'ses' }>;

const UTF8 = 'UTF-8';

/**
 * Amazon SES v2 `SendEmail` with simple content. Credentials come from the SDK's standard chain
 * (environment, shared files, container or instance roles); the SDK retries throttled calls itself
 * before the error reaches {@link sesError}.
 */
export function createSesTransport(config: SesConfig, description: string): EmailTransport {
  type Sdk = typeof import('@aws-sdk/client-sesv2');
  let opening: Promise<{ client: SESv2Client; SendEmailCommand: Sdk['SendEmailCommand'] }> | undefined;
  let opened: SESv2Client | undefined;
  const open = async () => {
    const sdk = await import('@aws-sdk/client-sesv2');
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
      const { client, SendEmailCommand } = await opening;
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
