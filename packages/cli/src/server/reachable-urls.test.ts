import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCliError } from '../cli/errors.js';
import { parseCliArgs } from '../cli/parse-args.js';
import { isWildcardHost, lanAddresses, reachableHosts } from './reachable-urls.js';

const context = { cwd: '/apps/current', env: {} };

describe('--allow-host and the URLs an emulator or a phone uses (D-20)', () => {
  it('parses --allow-host as a repeatable sandbox flag, brackets bare IPv6, refuses junk', () => {
    const parsed = parseCliArgs(
      ['sandbox', '--allow-host', '10.0.2.2', '--allow-host=DevBox.local:3001', '--allow-host', 'fd00::5'],
      context,
    );
    assert.equal(parsed.kind, 'serve');
    assert.deepEqual(parsed.kind === 'serve' && parsed.flags.allowHosts, [
      '10.0.2.2',
      'devbox.local:3001',
      '[fd00::5]',
    ]);
    for (const argv of [
      ['sandbox', '--allow-host', 'http://x'],
      ['sandbox', '--allow-host', 'a b'],
      ['start', '--allow-host', '10.0.2.2'],
    ]) {
      assert.throws(
        () => parseCliArgs(argv, context),
        (e) => isCliError(e) && e.name === 'UsageError',
      );
    }
  });

  it('adds nothing for a loopback bind without --allow-host', () => {
    assert.deepEqual(
      reachableHosts('127.0.0.1', 3001, [], () => ['192.168.1.20']),
      { hosts: [], urls: [] },
    );
  });

  it('a wildcard bind answers for the emulator alias and the LAN addresses, and names their URLs', () => {
    const { hosts, urls } = reachableHosts('0.0.0.0', 4000, ['devbox.local'], () => [
      '192.168.1.20',
      '[fd00::20]',
    ]);
    assert.deepEqual(hosts, ['devbox.local', '10.0.2.2', '192.168.1.20', '[fd00::20]']);
    assert.deepEqual(urls, [
      { label: 'Allowed host', url: 'http://devbox.local:4000/aws-blocks/api' },
      { label: 'Android emulator', url: 'http://10.0.2.2:4000/aws-blocks/api' },
      { label: 'LAN (phones, other machines)', url: 'http://192.168.1.20:4000/aws-blocks/api' },
      { label: 'LAN (phones, other machines)', url: 'http://[fd00::20]:4000/aws-blocks/api' },
    ]);
    assert.equal(isWildcardHost('::'), true);
    assert.equal(isWildcardHost('127.0.0.1'), false);
  });

  it('an --allow-host with a port keeps it; the emulator alias is labelled', () => {
    assert.deepEqual(reachableHosts('127.0.0.1', 3001, ['10.0.2.2:3001']).urls, [
      { label: 'Android emulator', url: 'http://10.0.2.2:3001/aws-blocks/api' },
    ]);
  });

  it("lists this machine's addresses without loopback or link-local ones", () => {
    for (const address of lanAddresses()) {
      assert.doesNotMatch(address, /^(127\.|\[::1\]|\[fe80:)/i);
    }
  });
});
