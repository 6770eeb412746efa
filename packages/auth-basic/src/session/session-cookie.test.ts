// The Secure decision of the session cookie (D-06): in the sandbox only the way the request arrived
// (HTTPS, or a trusted X-Forwarded-Proto, both seen as an https: URL) sets it; elsewhere a
// non-loopback Host sets it too.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Client } from '../test-support/harness.js';
import { SessionCookies } from './session-cookie.js';

const STAGE = process.env.BLOCKS_STAGE;

function sessionLine(stage: string | undefined, url: string, host: string): string {
  if (stage === undefined) delete process.env.BLOCKS_STAGE;
  else process.env.BLOCKS_STAGE = stage;
  const context = new Client({ url, headers: { host } }).context();
  new SessionCookies('my-app-auth', false).setSession(context, 'token', 60);
  return context.setCookies()[0] ?? '';
}

describe('Secure on the session cookie (D-06)', () => {
  afterEach(() => {
    if (STAGE === undefined) delete process.env.BLOCKS_STAGE;
    else process.env.BLOCKS_STAGE = STAGE;
  });

  it('the sandbox leaves Secure off over plain HTTP for any Host (emulator, LAN)', () => {
    for (const host of ['10.0.2.2:3001', '192.168.1.20:3001', 'devbox.local:3001', 'localhost:3001']) {
      const line = sessionLine('sandbox', `http://${host}/aws-blocks/api`, host);
      assert.equal(line, 'auth_my-app-auth=token; HttpOnly; SameSite=Lax; Max-Age=60; Path=/', host);
    }
  });

  it('the sandbox sets Secure when the request arrived over HTTPS (directly or from a trusted proxy)', () => {
    for (const host of ['10.0.2.2:3443', 'localhost:3443']) {
      const line = sessionLine('sandbox', `https://${host}/aws-blocks/api`, host);
      assert.match(line, /; SameSite=Lax; Secure; Max-Age=60; Path=\/$/, host);
    }
  });

  for (const stage of ['production', undefined]) {
    it(`outside the sandbox (${stage ?? 'no stage'}) a non-loopback Host still sets Secure`, () => {
      assert.match(
        sessionLine(stage, 'http://10.0.2.2:3001/aws-blocks/api', '10.0.2.2:3001'),
        /; SameSite=Lax; Secure; Max-Age=60; Path=\/$/,
      );
      assert.doesNotMatch(
        sessionLine(stage, 'http://127.0.0.1:3001/aws-blocks/api', '127.0.0.1:3001'),
        /Secure/,
      );
    });
  }
});
