import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseGenerateArgs } from './generate-args.js';

const CWD = '/srv/app';

describe('parseGenerateArgs', () => {
  it('defaults spec and client paths from --dir', () => {
    assert.deepEqual(parseGenerateArgs(['spec'], CWD), {
      kind: 'generate-spec',
      flags: { appDir: CWD, out: resolve(CWD, 'aws-blocks/blocks.spec.json') },
    });
    assert.deepEqual(
      parseGenerateArgs(['client', '--dir', 'web', '--lang=kotlin', '--package', 'com.example'], CWD),
      {
        kind: 'generate-client',
        flags: {
          appDir: resolve(CWD, 'web'),
          lang: 'kotlin',
          spec: resolve(CWD, 'web/aws-blocks/blocks.spec.json'),
          out: resolve(CWD, 'web/clients/kotlin'),
          packageName: 'com.example',
        },
      },
    );
  });

  it('answers help for no target and for --help', () => {
    assert.equal(parseGenerateArgs([], CWD).kind, 'help');
    assert.equal(parseGenerateArgs(['client', '--help'], CWD).kind, 'help');
  });

  it('rejects unknown targets, flags, languages, package names and missing values with UsageError', () => {
    for (const argv of [
      ['docs'],
      ['spec', '--lang', 'ts'],
      ['client', '--lang', 'rust'],
      ['client', '--package', 'a b'],
      ['client', '--out'],
      ['spec', 'extra'],
    ]) {
      assert.throws(() => parseGenerateArgs(argv, CWD), { name: 'UsageError' }, argv.join(' '));
    }
  });
});
