import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCliError } from '../cli/errors.js';
import { BLOCKS, dependenciesFor, type PackIndex, UMBRELLA } from './create-packages.js';

const index: PackIndex = {
  version: '1.2.3',
  packages: {
    '@blockyard/core': { file: 'blockyard-core-1.2.3.tgz', dependencies: [] },
    '@blockyard/kv-store': { file: 'blockyard-kv-store-1.2.3.tgz', dependencies: ['@blockyard/core'] },
    '@blockyard/blocks': { file: 'blockyard-blocks-1.2.3.tgz', dependencies: ['@blockyard/kv-store'] },
    '@blockyard/cli': { file: 'blockyard-cli-1.2.3.tgz', dependencies: ['@blockyard/blocks'] },
    '@blockyard/aws': { file: 'blockyard-aws-1.2.3.tgz', dependencies: ['@blockyard/core'] },
  },
};

describe('dependenciesFor', () => {
  it('lists the aliases and every @blockyard package they and the CLI need, as vendored tarballs', () => {
    const deps = dependenciesFor({ kind: 'files', dir: '/x', index }, [UMBRELLA, BLOCKS['kv-store']]);
    assert.deepEqual(deps, {
      '@aws-blocks/bb-kv-store': 'file:vendor/blockyard-kv-store-1.2.3.tgz',
      '@aws-blocks/blocks': 'file:vendor/blockyard-blocks-1.2.3.tgz',
      '@blockyard/blocks': 'file:vendor/blockyard-blocks-1.2.3.tgz',
      '@blockyard/cli': 'file:vendor/blockyard-cli-1.2.3.tgz',
      '@blockyard/core': 'file:vendor/blockyard-core-1.2.3.tgz',
      '@blockyard/kv-store': 'file:vendor/blockyard-kv-store-1.2.3.tgz',
    });
  });

  it('uses npm aliases of the version for the registry', () => {
    assert.deepEqual(dependenciesFor({ kind: 'registry', version: '1.2.3' }, [UMBRELLA]), {
      '@aws-blocks/blocks': 'npm:@blockyard/blocks@^1.2.3',
      '@blockyard/cli': '^1.2.3',
    });
  });

  it('names a package that was not packed', () => {
    assert.throws(
      () => dependenciesFor({ kind: 'files', dir: '/x', index }, [BLOCKS['email-client']]),
      (error: unknown) => isCliError(error) && error.name === 'PackagesNotFoundException',
    );
  });
});
