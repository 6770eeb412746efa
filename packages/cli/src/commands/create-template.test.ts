import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { appManifest } from './create.js';
import { BLOCKS } from './create-packages.js';
import { cliDependencyRanges, readTemplate, templateAliases, templateGitignore } from './create-template.js';

const STANDARD = 'node_modules/\n.bb-data/\naws-blocks/client.js\n';

describe('template.json', () => {
  it('names the codes template EmailClient under its AWS Blocks alias', () => {
    const aliases = templateAliases(readTemplate('codes'));
    assert.ok(
      aliases.some((a) => a.alias === '@aws-blocks/bb-email-client' && a.pkg === BLOCKS['email-client'].pkg),
    );
  });

  it('adds and leaves out .gitignore lines', () => {
    const text = templateGitignore(STANDARD, {
      description: '',
      blocks: [],
      ignored: ['public/app.js'],
      tracked: ['aws-blocks/client.js'],
    });
    assert.equal(text, 'node_modules/\n.bb-data/\npublic/app.js\n');
    assert.equal(templateGitignore(STANDARD, { description: '', blocks: [] }), STANDARD);
  });

  it('takes dev dependency ranges from the CLI manifest, and refuses others', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    assert.deepEqual(cliDependencyRanges(['esbuild']), { esbuild: manifest.dependencies.esbuild });
    assert.throws(() => cliDependencyRanges(['left-pad']), /left-pad/);
  });

  it('gives the web app its workspace, scripts and esbuild', () => {
    const info = readTemplate('web');
    const manifest = JSON.parse(
      appManifest('w', { kind: 'registry', version: '1.2.3' }, templateAliases(info), info),
    );
    assert.deepEqual(manifest.workspaces, ['aws-blocks']);
    assert.equal(manifest.scripts.sandbox, 'node build.mjs && blockyard sandbox');
    assert.equal(manifest.scripts.spec, 'blockyard generate spec');
    assert.ok(manifest.devDependencies.esbuild);
    assert.equal(manifest.dependencies['@aws-blocks/bb-auth-basic'], 'npm:@blockyard/auth-basic@^1.2.3');
  });
});
