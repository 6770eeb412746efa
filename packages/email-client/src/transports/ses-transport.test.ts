import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, isBlocksError } from '@blockyard/core';
import { EmailErrors } from '../errors.js';
import type { OutgoingEmail } from '../transport.js';
import { createSesTransport, SES_SDK_PACKAGE, type SesSdkLoader } from './ses-transport.js';

const email: OutgoingEmail = {
  from: { address: 'no-reply@example.com' },
  to: [{ address: 'carol@example.com' }],
  cc: [],
  bcc: [],
  replyTo: [],
  subject: 'Hello',
  body: 'Hi',
  html: undefined,
  configurationSet: undefined,
};

const config = { kind: 'ses', region: 'eu-west-1', endpoint: undefined } as const;

/** A loader importing a package name that resolves nowhere, as a missing SDK does. */
function absentPackage(calls: { count: number }): SesSdkLoader {
  const name = '@blockyard/absent-ses-sdk-for-tests';
  return () => {
    calls.count += 1;
    return import(name) as ReturnType<SesSdkLoader>;
  };
}

describe('the SES transport without the AWS SDK installed', () => {
  it('fails the send with SendFailed naming the package to install, and tries again next time', async () => {
    const calls = { count: 0 };
    const transport = createSesTransport(config, 'ses://eu-west-1', absentPackage(calls));
    assert.equal(calls.count, 0, 'the SDK is loaded at the first send, not at construction');
    for (const attempt of [1, 2]) {
      const failure = await transport.send(email).then(
        () => assert.fail('sent without an SDK'),
        (error: unknown) => error,
      );
      assert.ok(failure instanceof ApiError);
      assert.ok(isBlocksError(failure, EmailErrors.SendFailed));
      assert.equal(failure.status, 502);
      assert.equal(failure.retriable, false);
      // The message is the fix: the one command that installs what is missing.
      assert.ok(failure.message.includes(`npm install ${SES_SDK_PACKAGE}`), failure.message);
      assert.equal((failure.cause as { code?: string }).code, 'ERR_MODULE_NOT_FOUND');
      assert.equal(calls.count, attempt, 'a failed load is not cached');
    }
    await transport.close();
  });

  it('reports another load failure as SendFailed without the install hint', async () => {
    const broken = new Error('the SDK threw while loading');
    const transport = createSesTransport(config, 'ses://eu-west-1', () => Promise.reject(broken));
    const failure = await transport.send(email).catch((error: unknown) => error);
    assert.ok(isBlocksError(failure, EmailErrors.SendFailed));
    assert.equal((failure as ApiError).cause, broken);
    assert.ok(!(failure as ApiError).message.includes('npm install'));
  });
});
