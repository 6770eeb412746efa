import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Gzip budget of the framework-free UI, minified (ARCHITECTURE §6 / issue budget). */
const BUDGET = 12 * 1024;

describe('browser bundle of the Authenticator UI', () => {
  it(`holds no server code and stays under ${BUDGET / 1024} KB gzipped`, async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../dist/ui/index.js', import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      minify: true,
      metafile: true,
      logLevel: 'silent',
    });
    for (const input of Object.keys(result.metafile.inputs)) {
      assert.match(input, /packages\/auth-common\/dist\/(ui\/|types\.js)/, `unexpected module ${input}`);
    }
    const gzipped = gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength;
    console.log(
      `Authenticator UI: ${result.outputFiles[0]!.contents.byteLength} bytes minified, ${gzipped} bytes gzipped`,
    );
    assert.ok(gzipped <= BUDGET, `${gzipped} bytes gzipped`);
  });
});
