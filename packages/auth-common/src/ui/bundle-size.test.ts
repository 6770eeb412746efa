import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Gzip budget of the framework-free UI with the tabs layout, minified. */
const BUDGET = 15 * 1024;

// An app using the tabs layout: everything the vanilla UI ships (both layouts, the account menu,
// the WebAuthn step) is in its bundle.
const TABS_APP = `
import { AccountMenuBar, AuthenticatedContent, Authenticator } from './index.js';
export const mount = (api, root) =>
  root.append(AccountMenuBar(api, { layout: 'tabs' }), Authenticator(api, { layout: 'tabs' }), AuthenticatedContent(api, () => root));
`;

describe('browser bundle of the Authenticator UI', () => {
  it(`holds no server code and stays under ${BUDGET / 1024} KB gzipped with the tabs layout`, async () => {
    const result = await build({
      stdin: {
        contents: TABS_APP,
        resolveDir: fileURLToPath(new URL('../../dist/ui/', import.meta.url)),
        loader: 'js',
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      minify: true,
      metafile: true,
      logLevel: 'silent',
    });
    for (const input of Object.keys(result.metafile.inputs).filter((name) => name !== '<stdin>')) {
      assert.match(input, /packages\/auth-common\/dist\/(ui\/|types\.js)/, `unexpected module ${input}`);
    }
    const gzipped = gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength;
    console.log(
      `Authenticator UI: ${result.outputFiles[0]!.contents.byteLength} bytes minified, ${gzipped} bytes gzipped`,
    );
    assert.ok(gzipped <= BUDGET, `${gzipped} bytes gzipped`);
  });
});
