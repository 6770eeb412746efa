import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../../test-support/serve-without-fetch.ts', import.meta.url));

// Naming a Fetch global makes Node load its bundled fetch implementation (~20 ms of start-up and a
// few MB): the runtime must not do it for a call that never asks for a Headers object.
describe('Node adapter start-up', () => {
  it('serves a call that reads its cookie without touching the Fetch globals', async () => {
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', fixture],
        { timeout: 30_000 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    const { body, touched } = JSON.parse(output) as { body: { result?: unknown }; touched: string[] };
    assert.deepEqual(body.result, { cookie: 'session=abc' });
    assert.deepEqual(touched, []);
  });
});
