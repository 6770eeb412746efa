import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isIgnoredPath } from './watch-backend.js';

describe('isIgnoredPath', () => {
  it('watches the backend sources', () => {
    for (const file of [
      'aws-blocks/index.ts',
      'aws-blocks/lib/db.mts',
      'aws-blocks/data.json',
      'shared/util.js',
    ]) {
      assert.equal(isIgnoredPath(join(...file.split('/')), true), false, file);
    }
  });

  it('ignores data, sandbox output, dependencies and generated files', () => {
    for (const file of [
      'aws-blocks/.bb-data/blocks.db',
      '.blocks-sandbox/config.json',
      'aws-blocks/node_modules/x/index.js',
      'aws-blocks/blocks.spec.json',
      'aws-blocks/client.js',
      'aws-blocks/notes.md',
      'aws-blocks/.index.ts.swp',
    ]) {
      assert.equal(isIgnoredPath(join(...file.split('/')), true), true, file);
    }
  });

  it('does not descend into ignored folders', () => {
    assert.equal(isIgnoredPath(join('aws-blocks', 'node_modules'), false), true);
    assert.equal(isIgnoredPath(join('aws-blocks', 'lib'), false), false);
  });
});
