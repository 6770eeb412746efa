import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ALLOWED_INSTALL_SCRIPTS, appManifest, GITIGNORE } from './create.js';
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

  it('ignores the aws-blocks/package.json the sandbox writes, except where the template ships it', () => {
    for (const template of ['basic', 'codes']) {
      const lines = templateGitignore(GITIGNORE, readTemplate(template)).split('\n');
      assert.ok(lines.includes('aws-blocks/package.json'), template);
    }
    const web = templateGitignore(GITIGNORE, readTemplate('web')).split('\n');
    assert.ok(!web.includes('aws-blocks/package.json'), 'the web template commits its own');
  });

  it('allows the install scripts of every package with one that an app installs', () => {
    // The repository's lockfile holds the packages' whole dependency tree; dev-only entries (test
    // peers such as dynalite's classic-level) never reach an app.
    const lock = JSON.parse(
      readFileSync(new URL('../../../../package-lock.json', import.meta.url), 'utf8'),
    ) as {
      packages: Record<string, { hasInstallScript?: boolean; dev?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript && !entry.dev)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    assert.ok(withScripts.length > 0);
    for (const pkg of withScripts) assert.ok(ALLOWED_INSTALL_SCRIPTS.includes(pkg), pkg);
    const manifest = JSON.parse(appManifest('a', { kind: 'registry', version: '1.2.3' }, [], {}));
    assert.deepEqual(Object.keys(manifest.allowScripts).sort(), [...ALLOWED_INSTALL_SCRIPTS].sort());
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
