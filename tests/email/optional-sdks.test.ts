/**
 * The built @blockyard/email-client from a folder that has only it and @blockyard/core (with its @blockyard/client) installed — no
 * nodemailer, no AWS SDK — as an app that never configured SMTP or SES: the local mailbox works, and
 * an ses:// send fails with the install command for the missing SDK.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { EmailErrors } from '@blockyard/email-client';
import { REPO_ROOT } from '../support/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'blockyard-email-optional-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Runs in the child: sends once through the mailbox, once through ses://, and prints what happened.
const SCRIPT = `
import { Scope } from '@blockyard/core';
import { EmailClient } from '@blockyard/email-client';
const scope = new Scope('lean-app', { parent: {} });
const message = { to: 'carol@example.com', subject: 'Hi', body: 'Hello' };
const options = { fromAddress: 'no-reply@example.com', logger: {} };
const local = await new EmailClient(scope, 'local', options).send(message);
const ses = new EmailClient(scope, 'ses', { ...options, url: 'ses://eu-west-1' });
const failure = await ses.send(message).then(() => null, (e) => ({ name: e.name, status: e.status, message: e.message }));
console.log(JSON.stringify({ local: local.messageId, ses: ses.transportDescription, failure }));
`;

describe('@blockyard/email-client without its optional SDKs', () => {
  it('sends to the local mailbox, and an ses:// send names the package to install', async () => {
    const scoped = join(dir, 'node_modules/@blockyard');
    mkdirSync(scoped, { recursive: true });
    for (const name of ['client', 'core', 'email-client'])
      symlinkSync(join(REPO_ROOT, 'packages', name), join(scoped, name), 'dir');
    writeFileSync(join(dir, 'package.json'), '{"type":"module","private":true}\n');
    writeFileSync(join(dir, 'send.mjs'), SCRIPT);
    // --preserve-symlinks: packages resolve from this folder's node_modules, not the repository's.
    const { stdout } = await run(process.execPath, ['--preserve-symlinks', 'send.mjs'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', BLOCKS_DATA_DIR: join(dir, '.bb-data') },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    assert.match(result.local, /^mock-/);
    assert.equal(result.failure?.name, EmailErrors.SendFailed);
    assert.equal(result.failure?.status, 502);
    // The message is the fix itself: the command that installs the missing SDK.
    assert.ok(result.failure.message.includes('npm install @aws-sdk/client-sesv2'), result.failure.message);
  });
});
