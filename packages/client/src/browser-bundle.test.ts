import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entries = {
  client: fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  umbrella: fileURLToPath(new URL('../../blocks/dist/client.js', import.meta.url)),
};

async function bundle(entry: string) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    minify: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
  return { inputs, imports, bytes: result.outputFiles[0]!.contents.byteLength };
}

describe('browser bundle of the client', () => {
  for (const [name, entry] of Object.entries(entries)) {
    it(`${name}: contains only the client, no Node module and no server code (not even core)`, async () => {
      const { inputs, imports } = await bundle(entry);
      assert.ok(inputs.length > 3, 'the bundle has the client modules');
      for (const input of inputs) {
        assert.match(
          input,
          /packages\/(client\/dist|blocks\/dist\/client\.js)/,
          `unexpected module ${input}`,
        );
      }
      for (const path of imports) {
        assert.doesNotMatch(path, /^node:|^(fs|path|http|async_hooks|crypto)$/, `Node import ${path}`);
        assert.doesNotMatch(path, /core|kv-store|auth-basic|app-setting|server/, `server import ${path}`);
      }
    });
  }
});
