/**
 * The app templates of `blockyard create` stay what they say they are: the basic template's backend is
 * the example app's (the seed backend, verbatim), and every template parses and names its blocks.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { applyAmplifyOverlay } from '../../packages/cli/src/commands/amplify-overlay.js';
import { listTemplates, TEMPLATES_DIR } from '../../packages/cli/src/commands/create.js';
import { BLOCKS } from '../../packages/cli/src/commands/create-packages.js';
import { REPO_ROOT } from '../support/index.js';
import { cleanup, tempDir } from './support.js';

describe('blockyard create templates', () => {
  after(cleanup);

  it('gives the basic template the example app backend, byte for byte', async () => {
    const template = await readFile(join(TEMPLATES_DIR, 'basic/aws-blocks/index.ts'), 'utf8');
    const example = await readFile(join(REPO_ROOT, 'examples/auth-basic-app/aws-blocks/index.ts'), 'utf8');
    assert.equal(template, example);
  });

  it('gives the web template the same seed backend, and the codes template the codes example backend', async () => {
    const seed = await readFile(join(TEMPLATES_DIR, 'basic/aws-blocks/index.ts'), 'utf8');
    assert.equal(await readFile(join(TEMPLATES_DIR, 'web/aws-blocks/index.ts'), 'utf8'), seed);
    assert.equal(
      await readFile(join(TEMPLATES_DIR, 'codes/aws-blocks/index.ts'), 'utf8'),
      await readFile(join(REPO_ROOT, 'examples/auth-basic-codes/aws-blocks/index.ts'), 'utf8'),
    );
  });

  it('describes every template and names only blocks that can be added', async () => {
    const templates = listTemplates();
    assert.ok(templates.some((t) => t.name === 'basic'));
    assert.ok(templates.some((t) => t.name === 'codes'));
    for (const { name, description } of templates) {
      assert.ok(description.length > 0, name);
      const info = JSON.parse(await readFile(join(TEMPLATES_DIR, name, 'template.json'), 'utf8')) as {
        blocks: string[];
      };
      for (const block of info.blocks) assert.ok(Object.hasOwn(BLOCKS, block), `${name}: ${block}`);
      const readme = await readFile(join(TEMPLATES_DIR, name, 'README.md'), 'utf8');
      assert.match(readme, /\{\{name\}\}/);
    }
  });

  it("gives the Amplify overlay the seed backend's calls, plus CognitoAuth for the app's user pool", async () => {
    const app = await tempDir('amplify-seed');
    await mkdir(join(app, 'amplify'));
    await writeFile(
      join(app, 'amplify/backend.ts'),
      "import { defineBackend } from '@aws-amplify/backend';\n",
    );
    await applyAmplifyOverlay(app, { kind: 'registry', version: '0.1.0' });
    const written = await readFile(join(app, 'aws-blocks/index.ts'), 'utf8');
    assert.equal(written, await readFile(join(TEMPLATES_DIR, 'amplify/aws-blocks/index.ts'), 'utf8'));
    const seed = await readFile(join(TEMPLATES_DIR, 'basic/aws-blocks/index.ts'), 'utf8');
    // Every line of the seed is there, but the closing of the options (crossDomain joins them) and
    // of the namespace (whoAmI joins it).
    for (const line of seed.split('\n').filter((l) => l !== '' && l !== '});' && l !== '}));')) {
      assert.ok(written.includes(line), line);
    }
    assert.match(written, /crossDomain: true/);
    assert.match(written, /new CognitoAuth\(scope, 'cognito'\)/);
  });
});
