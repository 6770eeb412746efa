/**
 * `blockyard synth > template.json` must give valid JSON: a backend whose blocks log while they load
 * (the codes example's EmailClient says where its mail goes) keeps those lines off stdout.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI_BIN, REPO_ROOT } from '../../../../tests/support/paths.js';

describe('blockyard synth output', () => {
  it('carries only the template on stdout; the log lines of the blocks go to stderr', () => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
    );
    const run = spawnSync(
      process.execPath,
      [CLI_BIN, 'synth', '--dir', join(REPO_ROOT, 'examples/auth-basic-codes')],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...clean, BLOCKS_EMAIL_URL: '' },
        timeout: 120_000,
      },
    );
    assert.equal(run.status, 0, run.stderr);
    const template = JSON.parse(run.stdout) as { Resources: Record<string, unknown> };
    assert.ok(Object.keys(template.Resources).length > 0);
    assert.match(run.stderr, /\[email\]/, 'the EmailClient line is still shown, on stderr');
  });
});
