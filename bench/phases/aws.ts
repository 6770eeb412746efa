/**
 * @module bench/phases/aws — the AWS path: the size of the Lambda bundle of the example app (zipped,
 * without the AWS SDK, which the Node.js runtime provides), its cold start in a fresh process (import
 * of the bundle to the first answered event), and DynamoDB engine get / put / increment rates against
 * a local DynamoDB implementation (dynalite, in memory, on loopback).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { DynamoDbEngine } from '../../packages/aws/src/dynamodb/dynamodb-engine.js';
import { startLocalDynamoDb } from '../../packages/aws/src/test-support/local-dynamodb.js';
import { benchEngine } from '../engines.js';
import type { BenchPhase } from '../lib/phase.js';
import { EXAMPLE_APP_DIR, REPO_ROOT } from '../lib/servers.js';
import { median } from '../lib/stats.js';

// Inside the repository, so a bundle run here finds the AWS SDK the way the Lambda runtime provides it.
const OUT = join(REPO_ROOT, 'node_modules/.cache/blocks-bench-lambda');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The size of a zip of `dir`: each file deflated (level 9) plus its local and central headers. */
function zippedBytes(dir: string): number {
  let total = 22;
  for (const file of files(dir)) {
    const name = Buffer.byteLength(relative(dir, file));
    total += 30 + 46 + 2 * name + deflateRawSync(readFileSync(file), { level: 9 }).length;
  }
  return total;
}

const COLD_START = `
const started = performance.now();
const { handler } = await import(process.env.BUNDLE);
const call = async (method, params) => {
  const result = await handler({
    version: '2.0', rawPath: '/aws-blocks/api', rawQueryString: '',
    headers: { host: 'x.execute-api.us-east-1.amazonaws.com', 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST', sourceIp: '203.0.113.7' }, stage: '$default' },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }),
    isBase64Encoded: false,
  });
  if (result.statusCode !== 200) throw new Error(method + ' answered ' + result.statusCode);
  return performance.now() - started;
};
const first = await call('authApi.getAuthState', []);
const stored = await call('authApi.setAuthState', [{ action: 'signIn', username: 'nobody', password: 'not-the-password-1' }]);
process.stdout.write('\\n' + JSON.stringify({ first, stored }));
`;

/** Bundle size, cold start and DynamoDB engine rates. */
export const aws: BenchPhase = {
  name: 'aws',
  description: 'Lambda bundle size (zipped, without the AWS SDK), cold start, DynamoDB engine rates (local)',
  async run(context) {
    const { bundleLambda } = await import('../../packages/aws/src/cdk/bundle-lambda.js');
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const entry = join(EXAMPLE_APP_DIR, 'aws-blocks/index.ts');
    const local = await startLocalDynamoDb();
    try {
      const deployed = bundleLambda({ entry, outDir: join(OUT, 'arm64'), architecture: 'arm64' });
      const zipped = zippedBytes(deployed.dir);
      context.record({
        metric: 'Lambda bundle, zipped',
        value: Math.round((zipped / (1024 * 1024)) * 100) / 100,
        unit: 'MB',
        budget: { op: '<=', limit: 2 },
        note: `example app for arm64, ${(deployed.bytes / 1024).toFixed(0)} KiB unzipped, AWS SDK excluded`,
      });

      // The cold start runs here, so it needs this machine's argon2 binary (see bundle-lambda.test.ts).
      const compiled = existsSync(join(REPO_ROOT, 'node_modules/argon2/build/Release/argon2.node'));
      const runnable = bundleLambda({
        entry,
        outDir: join(OUT, process.arch),
        architecture: process.arch === 'arm64' ? 'arm64' : 'x64',
        nativeBinaries: compiled ? 'installed' : 'prebuilt',
      });
      const starts: number[] = [];
      const storedStarts: number[] = [];
      for (let i = 0; i < (context.quick ? 3 : 7); i++) {
        // Asynchronous: the local DynamoDB answering the child runs in this process's event loop.
        const run = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', COLD_START], {
          encoding: 'utf8',
          env: {
            ...process.env,
            BUNDLE: new URL(`file://${join(runnable.dir, 'index.mjs')}`).href,
            BLOCKS_DATABASE_URL: local.url('bench-cold-start'),
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          },
          timeout: 30_000,
        });
        const last = run.stdout.trim().split('\n').at(-1) ?? '';
        const { first, stored } = JSON.parse(last) as { first: number; stored: number };
        starts.push(first);
        storedStarts.push(stored);
      }
      context.record({
        metric: 'Lambda cold start',
        value: Math.round(median(starts)),
        unit: 'ms',
        budget: { op: '<=', limit: 300 },
        note: `import of the bundle to the first answer (authApi.getAuthState), median of ${starts.length} fresh processes`,
      });
      context.record({
        metric: 'Lambda cold start, first DynamoDB read',
        value: Math.round(median(storedStarts)),
        unit: 'ms',
        note: 'import to the answer of a sign-in of an unknown user: loads the AWS SDK, reads DynamoDB, hashes once (argon2id)',
      });

      context.log('aws: DynamoDB engine on dynalite…');
      const engine = new DynamoDbEngine(local.url('bench-engine'));
      try {
        const results = await benchEngine('dynamodb (dynalite)', engine, {
          secondsPerOp: context.quick ? 0.5 : 2,
          concurrency: 8,
        });
        for (const result of results) {
          context.record({
            metric: `${result.engine} ${result.op}/s`,
            value: Math.round(result.perSecond),
            unit: 'ops/s',
            note: `${result.concurrency} calls in flight; a local implementation, not AWS latency`,
          });
        }
      } finally {
        await engine.close();
      }
    } finally {
      await local.stop();
      rmSync(OUT, { recursive: true, force: true });
    }
  },
};
