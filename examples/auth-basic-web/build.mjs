// Bundles the page (src/main.ts) into public/app.js with esbuild: no dev server and no framework, so
// the example builds in well under a second and CI needs nothing beyond npm ci.
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;

await build({
  absWorkingDir: here,
  entryPoints: ['src/main.ts'],
  outfile: 'public/app.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
