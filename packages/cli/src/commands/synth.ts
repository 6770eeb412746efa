import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createBackendLoader } from '../backend/backend-loader.js';
import type { OutputStreams } from '../cli/types.js';
import { readServerEnv } from '../server/server-env.js';
import { AWS_PACKAGES, importOptional } from './optional-package.js';
import type { AwsFlags } from './synth-args.js';

/** A synthesized app: where its assembly is and the stack's template file. */
export interface Synthesized {
  assemblyDir: string;
  templateFile: string;
}

/**
 * Synthesizes the app's stack into `assemblyDir`: loads the backend once (on the in-memory engine,
 * touching no data) to list its RawRoutes, then builds `BlocksBackend` in a stack of its own.
 */
export async function synthesize(
  flags: AwsFlags,
  assemblyDir: string,
  env: NodeJS.ProcessEnv,
): Promise<Synthesized> {
  const [cdk, blocks] = await importOptional('blockyard synth', AWS_PACKAGES, () =>
    Promise.all([import('aws-cdk-lib'), import('@blockyard/aws/cdk')]),
  );
  const kvStore = await import('@blockyard/kv-store');
  kvStore.configureEngine({ appDir: flags.appDir, url: 'memory:' });
  // A folder of its own: a sandbox of the same app may be using (and caching in) `build` right now.
  const loader = createBackendLoader(flags.appDir, join(flags.appDir, '.blocks-sandbox', 'synth'));
  const backend = await loader.load();
  await kvStore.closeEngine();
  const app = new cdk.App({ outdir: assemblyDir });
  const stack = new cdk.Stack(app, flags.stackName, {
    description: 'Blocks backend (blockyard synth)',
    ...(env.CDK_DEFAULT_ACCOUNT && env.CDK_DEFAULT_REGION
      ? { env: { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION } }
      : {}),
  });
  // The same reader as the server's, so a deployment reads these settings as `blockyard start` does.
  const { allowedOrigins, allowedHosts } = readServerEnv(env);
  new blocks.BlocksBackend(stack, 'Blocks', {
    appDir: flags.appDir,
    rawRoutes: backend.routes.routes.map((route) => ({ method: route.method, path: route.path })),
    ...(allowedOrigins.length > 0 ? { allowedOrigins } : {}),
    ...(allowedHosts ? { allowedHosts } : {}),
  });
  const assembly = app.synth();
  const artifact = assembly.getStackByName(flags.stackName);
  return { assemblyDir, templateFile: join(assemblyDir, artifact.templateFile) };
}

/**
 * Runs `work` with the console's informational output (`console.log`, `info`, `debug`) sent to
 * `stderr`: what the backend and its blocks log while they load must not mix into a template that
 * stdout carries alone (`blockyard synth > template.json`).
 */
async function withLogsOnStderr<T>(stderr: OutputStreams['stderr'], work: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  const toStderr = (...args: unknown[]) => {
    stderr.write(`${args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' ')}\n`);
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  try {
    return await work();
  } finally {
    Object.assign(console, saved);
  }
}

/**
 * `blockyard synth`: prints the CloudFormation template (and nothing else) on stdout, or writes the
 * cloud assembly to `--out` and prints where the template is; log lines go to stderr. Resolves with
 * the exit status.
 */
export async function runSynth(
  flags: AwsFlags,
  io: OutputStreams & { env: NodeJS.ProcessEnv },
): Promise<number> {
  if (!existsSync(join(flags.appDir, 'aws-blocks', 'index.ts'))) {
    io.stderr.write(`No backend found: ${join(flags.appDir, 'aws-blocks', 'index.ts')} does not exist.\n`);
    return 1;
  }
  const assemblyDir = flags.outDir ?? (await mkdtemp(join(tmpdir(), 'blocks-synth-')));
  try {
    const { templateFile } = await withLogsOnStderr(io.stderr, () => synthesize(flags, assemblyDir, io.env));
    if (flags.outDir)
      io.stdout.write(`Wrote the cloud assembly to ${flags.outDir} (template: ${templateFile})\n`);
    else io.stdout.write(`${await readFile(templateFile, 'utf8')}\n`);
    return 0;
  } finally {
    if (!flags.outDir) await rm(assemblyDir, { recursive: true, force: true });
  }
}
