import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCliError } from './errors.js';
import { envFlagIsOn, parseCliArgs } from './parse-args.js';

const context = { cwd: '/apps/current', env: {} };

function usageErrorOf(argv: string[]): string {
  try {
    parseCliArgs(argv, context);
  } catch (error) {
    assert.ok(isCliError(error));
    assert.equal(error.name, 'UsageError');
    assert.equal(error.exitCode, 2);
    return error.message;
  }
  assert.fail(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseCliArgs', () => {
  it('defaults sandbox to the current directory, 127.0.0.1:3001, watching, logging', () => {
    assert.deepEqual(parseCliArgs(['sandbox'], context), {
      kind: 'serve',
      command: 'sandbox',
      flags: { appDir: '/apps/current', port: 3001, host: '127.0.0.1', watch: true, quiet: false },
    });
  });

  it('reads every sandbox flag, in both --flag value and --flag=value forms', () => {
    const parsed = parseCliArgs(
      ['sandbox', '--dir', '../other', '--port=0', '--host', '::1', '--no-watch', '--quiet'],
      context,
    );
    assert.deepEqual(parsed, {
      kind: 'serve',
      command: 'sandbox',
      flags: { appDir: '/apps/other', dir: '../other', port: 0, host: '::1', watch: false, quiet: true },
    });
  });

  it('never watches under start', () => {
    const parsed = parseCliArgs(['start', '--port', '8080'], context);
    assert.equal(parsed.kind, 'serve');
    assert.equal(parsed.kind === 'serve' && parsed.flags.watch, false);
    assert.equal(parsed.kind === 'serve' && parsed.flags.port, 8080);
  });

  it('turns quiet on from BLOCKS_DEV_QUIET in the sandbox', () => {
    const parsed = parseCliArgs(['sandbox'], { cwd: '/a', env: { BLOCKS_DEV_QUIET: 'true' } });
    assert.equal(parsed.kind === 'serve' && parsed.flags.quiet, true);
    const off = parseCliArgs(['sandbox'], { cwd: '/a', env: { BLOCKS_DEV_QUIET: '0' } });
    assert.equal(off.kind === 'serve' && off.flags.quiet, false);
  });

  it('answers help and version', () => {
    assert.equal(parseCliArgs(['--help'], context).kind, 'help');
    assert.equal(parseCliArgs(['help', 'start'], context).kind, 'help');
    assert.equal(parseCliArgs(['start', '-h'], context).kind, 'help');
    assert.equal(parseCliArgs(['--version'], context).kind, 'version');
  });

  it('refuses ports that are not integers from 0 to 65535', () => {
    for (const port of ['-1', '65536', '1.5', '3e3', 'abc', '123456']) {
      assert.match(usageErrorOf(['sandbox', '--port', port]), /Invalid port/);
    }
  });

  it('refuses unknown commands and options, missing values and stray arguments', () => {
    assert.match(usageErrorOf([]), /Missing command/);
    assert.match(usageErrorOf(['dev']), /Unknown command "dev"/);
    assert.match(usageErrorOf(['sandbox', '--verbose']), /Unknown option "--verbose"/);
    assert.match(usageErrorOf(['start', '--quiet']), /Unknown option "--quiet"/);
    assert.match(usageErrorOf(['sandbox', '--dir']), /--dir needs a value/);
    assert.match(usageErrorOf(['sandbox', '--dir', '--quiet']), /--dir needs a value/);
    assert.match(usageErrorOf(['sandbox', '--no-watch=1']), /Unknown option/);
    assert.match(usageErrorOf(['sandbox', 'extra']), /Unexpected argument "extra"/);
  });
});

describe('envFlagIsOn', () => {
  it('treats unset, empty, 0, false, no and off as off', () => {
    for (const value of [undefined, '', '0', 'false', 'FALSE', 'no', 'off', ' off '])
      assert.equal(envFlagIsOn(value), false);
    for (const value of ['1', 'true', 'yes', 'on', 'anything']) assert.equal(envFlagIsOn(value), true);
  });
});
