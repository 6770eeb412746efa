import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Loader, Plugin } from 'esbuild';

const LOADERS: Record<string, Loader> = {
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.ts': 'ts',
  '.mts': 'ts',
};
const FILE_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * Keeps `new URL('../data/list.txt', import.meta.url)` working after bundling: each file so named
 * (relative to the module that names it) is copied to `<outDir>/assets/` and the expression is
 * rewritten to point there, since in the bundle `import.meta.url` is the bundle's own URL.
 */
export function fileAssetsPlugin(outDir: string): Plugin {
  return {
    name: 'blocks-file-assets',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
        const loader = LOADERS[extname(args.path)];
        if (args.namespace !== 'file' || loader === undefined) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const contents = source.replace(FILE_URL, (match, _quote: string, relative: string) => {
          const target = resolve(dirname(args.path), relative);
          if (!existsSync(target) || !statSync(target).isFile()) return match;
          const digest = createHash('sha256').update(target).digest('hex').slice(0, 8);
          const name = `${digest}-${basename(target)}`;
          mkdirSync(join(outDir, 'assets'), { recursive: true });
          copyFileSync(target, join(outDir, 'assets', name));
          return `new URL(${JSON.stringify(`./assets/${name}`)}, import.meta.url)`;
        });
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
}
