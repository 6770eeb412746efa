import { readFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader, Plugin } from 'esbuild';

const LOADERS: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
};

const IMPORT_META = /\bimport\.meta\.(url|filename|dirname)\b/g;

/**
 * Keeps `import.meta.url`, `import.meta.filename` and `import.meta.dirname` pointing at each source
 * file rather than at the bundle, so `new URL('./data.json', import.meta.url)` in a backend file
 * finds the file beside it.
 */
export const importMetaPlugin: Plugin = {
  name: 'blockyard-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      const loader = LOADERS[extname(args.path)];
      if (args.namespace !== 'file' || loader === undefined) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta')) return { contents: source, loader };
      const values: Record<string, string> = {
        url: JSON.stringify(pathToFileURL(args.path).href),
        filename: JSON.stringify(args.path),
        dirname: JSON.stringify(dirname(args.path)),
      };
      return { contents: source.replace(IMPORT_META, (_match, key: string) => values[key]!), loader };
    });
  },
};
