// Which EmailClient errors are permanent (`permanent: true`: no later attempt of the same message can
// succeed, so AuthBasic's code outbox gives the delivery up at once) and which are not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmailErrors, emailError, invalidInput, permanent as markPermanent } from './errors.js';
import { sesError } from './transports/ses-errors.js';
import { smtpError } from './transports/smtp-errors.js';

const isPermanent = (error: unknown) => (error as { permanent?: unknown }).permanent === true;

describe('permanent e-mail errors', () => {
  it('marks bad input permanent; an error is permanent only when marked', () => {
    assert.equal(isPermanent(invalidInput('x')), true);
    assert.equal(isPermanent(emailError(EmailErrors.SendFailed, 'x')), false);
    assert.equal(isPermanent(emailError(EmailErrors.RateLimited, 'x')), false);
    const marked = markPermanent(emailError(EmailErrors.SendFailed, 'x'));
    assert.equal(isPermanent(marked), true);
    assert.equal(marked.name, EmailErrors.SendFailed, 'the mark changes nothing else');
  });

  it('SMTP and SES: a sender the provider refuses is permanent', () => {
    assert.equal(
      isPermanent(smtpError({ code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM' })),
      true,
    );
    const sdk = { name: 'MailFromDomainNotVerifiedException', $metadata: { httpStatusCode: 400 } };
    assert.equal(isPermanent(sesError(sdk)), true);
  });

  it('SMTP: refused recipients and 5xx replies are permanent; 4xx, network and credentials are not', () => {
    assert.equal(isPermanent(smtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' })), true);
    assert.equal(isPermanent(smtpError({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' })), true);
    assert.equal(isPermanent(smtpError({ code: 'EMESSAGE', responseCode: 451, command: 'DATA' })), false);
    assert.equal(isPermanent(smtpError({ code: 'ECONNECTION' })), false);
    assert.equal(isPermanent(smtpError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })), false);
    assert.equal(isPermanent(smtpError(new Error('unknown'))), false);
  });

  it('SES: rejected messages (4xx) are permanent; throttling, pauses and 5xx are not', () => {
    const sdk = (name: string, status: number) => ({
      name,
      message: name,
      $metadata: { httpStatusCode: status },
    });
    assert.equal(isPermanent(sesError(sdk('MessageRejected', 400))), true);
    assert.equal(isPermanent(sesError(sdk('BadRequestException', 400))), true);
    assert.equal(isPermanent(sesError(sdk('TooManyRequestsException', 429))), false);
    assert.equal(isPermanent(sesError(sdk('SendingPausedException', 400))), false);
    assert.equal(isPermanent(sesError(sdk('InternalFailure', 500))), false);
    assert.equal(isPermanent(sesError(new Error('socket hang up'))), false);
  });
});
