// Bundles the page (src/main.ts) into public/app.js with esbuild: no dev server and no framework, so
// the page builds in well under a second with nothing beyond npm install.
import { rename, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;

const result = await build({
  absWorkingDir: here,
  entryPoints: ['src/main.ts'],
  outfile: 'public/app.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  write: false,
  logLevel: 'warning',
});
// Written next to the target and renamed over it, so a page loading meanwhile never gets half a file.
for (const file of result.outputFiles) {
  const temporary = `${file.path}.${process.pid}.tmp`;
  await writeFile(temporary, file.contents);
  await rename(temporary, file.path);
}
