import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as engine from './engine-api.js';
import * as publicEntry from './index.js';
import * as testing from './testing.js';

// The runtime exports of each entry point, as docs/public-surface.md lists them; a new export must be
// added there (and here) on purpose. Types have no runtime trace and are checked by the docs review.
it('each entry point exports exactly its documented values', () => {
  assert.deepEqual(Object.keys(publicEntry).sort(), [
    'KVStore',
    'KVStoreErrors',
    'MAX_KEY_BYTES',
    'MAX_VALUE_BYTES',
    'closeEngine',
    'configureEngine',
    'openEngine',
    'registerEngineScheme',
  ]);
  assert.deepEqual(Object.keys(engine).sort(), [
    'MAX_KEY_BYTES',
    'MAX_VALUE_BYTES',
    'SETTINGS_TABLE',
    'TableBinding',
    'TableEngine',
    'addToCounter',
    'checkSchema',
    'closeEngine',
    'compareUtf8',
    'configureEngine',
    'counterOverflow',
    'currentEngine',
    'engineFailed',
    'engineUnavailable',
    'getEngine',
    'hasEngineData',
    'itemTooLarge',
    'notACounter',
    'parseCounter',
    'registerEngineScheme',
    'resolveEngineUrl',
    'serializeValue',
    'sortTableNames',
    'storeTableName',
    'validateKey',
    'validationFailed',
  ]);
  assert.deepEqual(Object.keys(testing).sort(), ['SETTINGS_TABLE', 'runKvConformance', 'storeTableName']);
});
