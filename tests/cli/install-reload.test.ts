/**
 * After `blockyard add <block>` the user pastes the import, the watching sandbox reports the package
 * missing, and `npm install` brings it: the reload that follows the install must pick it up, with no
 * restart and no further edit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  callRpc,
  createTempApp,
  pollUntil,
  type SandboxProcess,
  startSandbox,
  type TempApp,
} from '../support/index.js';

const backend = (body: string) => `import { ApiNamespace, Scope } from '@aws-blocks/blocks';
${body}
const scope = new Scope('install-reload');
export const api = new ApiNamespace(scope, 'api', () => ({
  async which() {
    return typeof late === 'undefined' ? 'before' : late;
  },
}));
`;

describe('blockyard sandbox picks up a package installed while it runs', () => {
  let app: TempApp;
  let sandbox: SandboxProcess;
  before(async () => {
    app = await createTempApp(
      {
        'aws-blocks/index.ts': backend('const late = undefined;'),
        'package.json': '{"type":"module","dependencies":{}}',
        'package-lock.json': '{"lockfileVersion":3,"packages":{}}',
      },
      'install-reload',
    );
    sandbox = await startSandbox({
      appDir: app.appDir,
      args: ['--quiet'],
      env: { BLOCKS_DATA_DIR: app.dataDir },
    });
    await sandbox.waitForOutput('for changes');
  });
  after(async () => {
    await sandbox?.stop();
    await app?.remove();
  });

  it('reloads when the install finishes, and the new package is found', async () => {
    await app.write('aws-blocks/index.ts', backend("import { late } from '@late-scope/late-package';"));
    await sandbox.waitForOutput("Cannot find package '@late-scope/late-package'", 30_000);
    // What `npm install` leaves behind: the package in node_modules, then the updated lockfile.
    await app.write(
      'node_modules/@late-scope/late-package/package.json',
      '{"name":"@late-scope/late-package","version":"1.0.0","type":"module","exports":"./index.js"}',
    );
    await app.write('node_modules/@late-scope/late-package/index.js', "export const late = 'after';\n");
    await app.write(
      'package-lock.json',
      '{"lockfileVersion":3,"packages":{"node_modules/@late-scope/late-package":{"version":"1.0.0"}}}',
    );
    const answer = await pollUntil(
      async () => {
        const reply = await callRpc(sandbox.apiUrl, 'api.which', []);
        return reply.body?.result === 'after' ? 'after' : undefined;
      },
      { timeoutMs: 30_000, description: 'the installed package is served' },
    );
    assert.equal(answer, 'after');
    assert.match(sandbox.stdout(), /Reloaded backend after a change to [^\n]*package-lock\.json/);
  });
});
