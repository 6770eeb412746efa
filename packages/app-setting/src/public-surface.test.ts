import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as publicEntry from './index.js';

// The runtime exports of the package, as docs/public-surface.md lists them; a new export must be added
// there (and here) on purpose.
it('exports exactly its documented values', () => {
  assert.deepEqual(Object.keys(publicEntry).sort(), ['AppSetting', 'AppSettingErrors', 'MAX_SETTING_BYTES']);
});
