// Which EmailClient errors are permanent (`permanent: true`: no later attempt of the same message can
// succeed, so AuthBasic's code outbox gives the delivery up at once) and which are not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmailErrors, emailError } from './errors.js';
import { sesError } from './transports/ses-errors.js';
import { smtpError } from './transports/smtp-errors.js';

const permanent = (error: unknown) => (error as { permanent?: unknown }).permanent === true;

describe('permanent e-mail errors', () => {
  it('marks bad input and unverified senders permanent by default, nothing else', () => {
    assert.equal(permanent(emailError(EmailErrors.InvalidInput, 'x')), true);
    assert.equal(permanent(emailError(EmailErrors.DomainNotVerified, 'x')), true);
    assert.equal(permanent(emailError(EmailErrors.SendFailed, 'x')), false);
    assert.equal(permanent(emailError(EmailErrors.RateLimited, 'x')), false);
    assert.equal(permanent(emailError(EmailErrors.AccountPaused, 'x')), false);
    assert.equal(permanent(emailError(EmailErrors.SendFailed, 'x', { permanent: true })), true);
  });

  it('SMTP: refused recipients and 5xx replies are permanent; 4xx, network and credentials are not', () => {
    assert.equal(permanent(smtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' })), true);
    assert.equal(permanent(smtpError({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' })), true);
    assert.equal(permanent(smtpError({ code: 'EMESSAGE', responseCode: 451, command: 'DATA' })), false);
    assert.equal(permanent(smtpError({ code: 'ECONNECTION' })), false);
    assert.equal(permanent(smtpError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })), false);
    assert.equal(permanent(smtpError(new Error('unknown'))), false);
  });

  it('SES: rejected messages (4xx) are permanent; throttling, pauses and 5xx are not', () => {
    const sdk = (name: string, status: number) => ({
      name,
      message: name,
      $metadata: { httpStatusCode: status },
    });
    assert.equal(permanent(sesError(sdk('MessageRejected', 400))), true);
    assert.equal(permanent(sesError(sdk('BadRequestException', 400))), true);
    assert.equal(permanent(sesError(sdk('TooManyRequestsException', 429))), false);
    assert.equal(permanent(sesError(sdk('SendingPausedException', 400))), false);
    assert.equal(permanent(sesError(sdk('InternalFailure', 500))), false);
    assert.equal(permanent(sesError(new Error('socket hang up'))), false);
  });
});
