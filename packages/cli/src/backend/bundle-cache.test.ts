import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readCachedBundle, writeCachedBundle } from './bundle-cache.js';

describe('bundle cache', () => {
  let dir: string;
  let index: string;
  let helper: string;
  let cacheFile: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blockyard-cache-'));
    await mkdir(join(dir, 'aws-blocks'));
    index = join(dir, 'aws-blocks/index.ts');
    helper = join(dir, 'aws-blocks/helper.ts');
    cacheFile = join(dir, 'cache.json');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function freshCache(): Promise<void> {
    await writeFile(index, "import { x } from './helper.js';\nexport const y = x;\n");
    await writeFile(helper, 'export const x = 1;\n');
    await rm(join(dir, 'aws-blocks/extra.ts'), { force: true });
    await rm(join(dir, 'tsconfig.json'), { force: true });
    await writeCachedBundle(cacheFile, { code: 'export const y = 1;', inputs: [index, helper] });
  }

  it('returns the saved bundle while its sources are unchanged', async () => {
    await freshCache();
    assert.deepEqual(await readCachedBundle(cacheFile, index), {
      code: 'export const y = 1;',
      inputs: [index, helper],
    });
  });

  it('misses after a source changes', async () => {
    await freshCache();
    await writeFile(helper, 'export const x = 2;\n');
    assert.equal(await readCachedBundle(cacheFile, index), undefined);
  });

  it('misses after a source is removed', async () => {
    await freshCache();
    await rm(helper);
    assert.equal(await readCachedBundle(cacheFile, index), undefined);
  });

  it('misses after a file is added beside the sources (imports may resolve differently)', async () => {
    await freshCache();
    await writeFile(join(dir, 'aws-blocks/extra.ts'), 'export {};\n');
    assert.equal(await readCachedBundle(cacheFile, index), undefined);
  });

  it('misses after a tsconfig.json above the sources appears', async () => {
    await freshCache();
    await writeFile(join(dir, 'tsconfig.json'), '{"compilerOptions":{"experimentalDecorators":true}}');
    assert.equal(await readCachedBundle(cacheFile, index), undefined);
  });

  it('misses for another entry file (a copied app whose cache names the original files)', async () => {
    await freshCache();
    const copy = await mkdtemp(join(tmpdir(), 'blockyard-cache-copy-'));
    try {
      assert.equal(await readCachedBundle(cacheFile, join(copy, 'aws-blocks/index.ts')), undefined);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('misses when the cache file is absent or damaged', async () => {
    assert.equal(await readCachedBundle(join(dir, 'absent.json'), index), undefined);
    await writeFile(join(dir, 'damaged.json'), '{"format":');
    assert.equal(await readCachedBundle(join(dir, 'damaged.json'), index), undefined);
  });
});
