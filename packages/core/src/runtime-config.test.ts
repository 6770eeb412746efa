import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  _resetConfigCache,
  getConfig,
  getConfigSync,
  loadConfigToProcessEnv,
  preloadConfig,
  sanitizeConfigKey,
  useConfigDocument,
} from './runtime-config.js';

const KEY = 'BLOCKYARD_TEST_CONFIG_KEY';
const OTHER = 'BLOCKYARD_TEST_CONFIG_OTHER';

afterEach(() => {
  useConfigDocument(null);
  _resetConfigCache();
  delete process.env[KEY];
  delete process.env[OTHER];
});

describe('runtime config', () => {
  it('reads an unknown key as "" when there is no config document (local)', async () => {
    assert.equal(await getConfig(KEY), '');
    assert.equal(getConfigSync(KEY), '');
    assert.equal(await getConfig('toString'), '', 'no inherited members');
  });

  it('prefers the environment, also when it is an empty string', async () => {
    useConfigDocument(async () => ({ [KEY]: 'from-document' }));
    process.env[KEY] = '';
    assert.equal(await getConfig(KEY), '');
    process.env[KEY] = 'from-env';
    assert.equal(await getConfig(KEY), 'from-env');
    assert.equal(getConfigSync(KEY), 'from-env');
  });

  it('loads the document once per process, and only after a sync read has nothing loaded', async () => {
    let loads = 0;
    useConfigDocument(async () => {
      loads += 1;
      return { [KEY]: 'v' };
    });
    assert.equal(getConfigSync(KEY), '', 'not loaded yet');
    const [a, b] = await Promise.all([getConfig(KEY), getConfig(KEY)]);
    assert.deepEqual([a, b, loads], ['v', 'v', 1]);
    assert.equal(getConfigSync(KEY), 'v');
    await preloadConfig();
    assert.equal(loads, 1);
    _resetConfigCache();
    await preloadConfig();
    assert.equal(loads, 2, 'the test hook forgets the document');
  });

  it('does not keep a document whose load was overtaken by a reset', async () => {
    let release: (document: Record<string, string>) => void = () => {};
    useConfigDocument(() => new Promise((resolve) => (release = resolve)));
    const stale = getConfig(KEY);
    useConfigDocument(async () => ({ [KEY]: 'fresh' }));
    release({ [KEY]: 'stale' });
    assert.equal(await stale, 'stale', 'the caller of the old load gets its answer');
    assert.equal(getConfigSync(KEY), '', 'but it is not kept');
    assert.equal(await getConfig(KEY), 'fresh');
  });

  it('retries a failed load on the next read', async () => {
    let fail = true;
    useConfigDocument(async () => {
      if (fail) throw new Error('unreachable');
      return { [KEY]: 'v' };
    });
    await assert.rejects(getConfig(KEY), /unreachable/);
    fail = false;
    assert.equal(await getConfig(KEY), 'v');
  });

  it('refuses a document that is not an object', async () => {
    useConfigDocument(async () => [] as never);
    await assert.rejects(preloadConfig(), TypeError);
  });

  it('copies the document into process.env without overwriting set variables', async () => {
    useConfigDocument(async () => ({ [KEY]: 'document', [OTHER]: 'document' }));
    process.env[KEY] = 'env';
    await loadConfigToProcessEnv();
    assert.equal(process.env[KEY], 'env');
    assert.equal(process.env[OTHER], 'document');
  });
});

describe('sanitizeConfigKey', () => {
  it('upper-cases and replaces everything but letters and digits with _', () => {
    assert.equal(sanitizeConfigKey('my-app.auth users9'), 'MY_APP_AUTH_USERS9');
    assert.match(`BLOCKS_TABLE_${sanitizeConfigKey('a-b/ü')}`, /^[A-Z0-9_]+$/);
  });
});
