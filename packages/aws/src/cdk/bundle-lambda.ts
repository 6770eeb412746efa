import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { fileAssetsPlugin } from './file-assets-plugin.js';

/** Options of {@link bundleLambda}. */
export interface BundleLambdaOptions {
  /** Absolute path of the backend entry (`<app>/aws-blocks/index.ts`). */
  entry: string;
  /** Empty folder the function's files are written to. */
  outDir: string;
  /** CPU the function runs on: picks the native password-hashing binary to ship. */
  architecture: 'arm64' | 'x64';
  /** Minify the code (default true). */
  minify?: boolean;
  /**
   * Which argon2 binary to ship: the package's prebuilt Linux binary for `architecture` (the
   * default), or the one `npm install` compiled on this machine (`installed`), which fits a function
   * only when this machine has the function's CPU and a glibc no newer than the runtime's.
   */
  nativeBinaries?: 'prebuilt' | 'installed';
}

/** A function bundle ready to be zipped. */
export interface LambdaBundle {
  /** The folder holding `index.mjs` (handler `index.handler`), its chunks and any native packages. */
  dir: string;
  /** Source files the bundle was built from (relative to the entry's folder's parent). */
  inputs: string[];
  /** Whether the backend uses an EmailClient (the function then needs SES permissions). */
  usesEmail: boolean;
  /** Whether the backend uses AuthBasic (its code outbox then needs the scheduled sweep). */
  usesAuthBasic: boolean;
  /** Bytes of the files in {@link dir}. */
  bytes: number;
}

// The Node.js Lambda runtime ships the AWS SDK v3. Drivers of engines a function never opens on
// Lambda (SQLite, PostgreSQL) stay out: it serves DynamoDB.
const EXTERNAL = ['@aws-sdk/*', 'better-sqlite3', 'pg', 'pg-native', 'argon2'];
// Packages loaded from node_modules at run time (native code), with the files they need.
const NATIVE: Record<string, { deps: string[]; files: (arch: string, installed: boolean) => string[] }> = {
  argon2: {
    deps: ['@phc/format', 'node-gyp-build'],
    files: (arch, installed) => [
      'package.json',
      'argon2.cjs',
      installed ? join('build', 'Release', 'argon2.node') : join('prebuilds', `linux-${arch}`),
    ],
  },
};
const EMAIL = /(^|[/\\])(email-client|bb-email-client)([/\\]|$)/;
const AUTH_BASIC = /(^|[/\\])(auth-basic|bb-auth-basic)([/\\]|$)/;

function folderBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    total += stat.isDirectory() ? folderBytes(path) : stat.size;
  }
  return total;
}

function packageDir(name: string, from: string): string {
  const require = createRequire(join(from, 'noop.js'));
  return dirname(require.resolve(`${name}/package.json`));
}

function copyPackage(name: string, from: string, outDir: string, files?: string[]): void {
  const source = packageDir(name, from);
  const target = join(outDir, 'node_modules', name);
  for (const file of files ?? readdirSync(source)) {
    if (file === 'node_modules' || !existsSync(join(source, file))) continue;
    cpSync(join(source, file), join(target, file), { recursive: true, dereference: true });
  }
}

/**
 * Bundles an app's backend into one ES module for the Node.js 22 Lambda runtime, behind
 * `createLambdaHandler` from `@blockyard/aws/lambda`. The AWS SDK stays external (the runtime has
 * it); argon2 is shipped as a package with only the Linux binary of `architecture`; data files that
 * modules name with `new URL(…, import.meta.url)` are copied beside the bundle.
 */
export async function buildLambdaBundle(options: BundleLambdaOptions): Promise<LambdaBundle> {
  const { entry, outDir, architecture } = options;
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const entryDir = dirname(entry);
  mkdirSync(outDir, { recursive: true });
  const importPath = `./${relative(entryDir, entry).split('\\').join('/')}`;
  const entryModule: Plugin = {
    name: 'blocks-lambda-entry',
    setup(build) {
      build.onResolve({ filter: /^blocks-lambda-entry$/ }, () => ({
        path: 'index',
        namespace: 'blocks-entry',
      }));
      build.onLoad({ filter: /.*/, namespace: 'blocks-entry' }, () => ({
        contents: [
          "import { createLambdaHandler } from '@blockyard/aws/lambda';",
          `export const handler = createLambdaHandler(() => import(${JSON.stringify(importPath)}));`,
        ].join('\n'),
        resolveDir: entryDir,
        loader: 'ts',
      }));
    },
  };
  const result = await esbuild.build({
    entryPoints: ['blocks-lambda-entry'],
    outdir: outDir,
    entryNames: 'index',
    // Chunks beside the entry: lazily loaded code (the backend, the DynamoDB engine and the AWS SDK
    // it imports) is read on first use, not at import, and `import.meta.url` stays in one folder.
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: options.minify ?? true,
    keepNames: true,
    legalComments: 'none',
    external: EXTERNAL,
    // Bundled CommonJS code calls require() for Node built-ins; an ES module has none of its own.
    banner: {
      js: "import { createRequire as __blocksRequire } from 'node:module';const require = __blocksRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: 'silent',
    plugins: [entryModule, fileAssetsPlugin(outDir)],
  });
  const inputs = Object.keys(result.metafile.inputs);
  // Which blocks the backend uses: files that put code into the bundle. A file esbuild only read (an
  // umbrella package re-exports every block, used or not) contributes nothing after tree shaking.
  const contributing = Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, use]) => use.bytesInOutput > 0)
      .map(([input]) => input),
  );
  const imported = new Set(
    Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.filter((i) => i.external).map((i) => i.path),
    ),
  );
  for (const [name, native] of Object.entries(NATIVE)) {
    if (!imported.has(name)) continue;
    const installed = options.nativeBinaries === 'installed';
    if (installed && (process.platform !== 'linux' || process.arch !== architecture)) {
      throw new Error(`nativeBinaries 'installed' needs a linux-${architecture} machine`);
    }
    copyPackage(name, entryDir, outDir, native.files(architecture, installed));
    const nativeDir = packageDir(name, entryDir);
    for (const dep of native.deps) copyPackage(dep, nativeDir, outDir);
  }
  return {
    dir: outDir,
    inputs,
    usesEmail: contributing.some((input) => EMAIL.test(input)),
    usesAuthBasic: contributing.some((input) => AUTH_BASIC.test(input)),
    bytes: folderBytes(outDir),
  };
}

// Loaders (tsx in tests) must reach the worker; test-runner flags must not.
function loaderArgs(): string[] {
  const args: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if ((arg === '--import' || arg === '--loader' || arg === '--conditions') && argv[i + 1]) {
      args.push(arg, argv[++i] as string);
    } else if (/^--(import|loader|conditions)=/.test(arg)) {
      args.push(arg);
    }
  }
  return args;
}

/**
 * {@link buildLambdaBundle}, synchronously: CDK constructs are built synchronously, and esbuild's
 * synchronous API takes no plugins, so the build runs in a child process.
 */
export function bundleLambda(options: BundleLambdaOptions): LambdaBundle {
  const self = fileURLToPath(import.meta.url);
  const worker = join(dirname(self), `bundle-lambda-worker${extname(self)}`);
  const run = spawnSync(process.execPath, [...loaderArgs(), worker], {
    input: JSON.stringify(options),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    throw new Error(`Bundling ${options.entry} failed:\n${(run.stderr || run.stdout || '').trim()}`);
  }
  return JSON.parse(run.stdout) as LambdaBundle;
}
