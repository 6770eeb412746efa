import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { OutputStreams } from '../cli/types.js';
import { synthesize } from './synth.js';
import type { AwsFlags } from './synth-args.js';

/** True when the environment names some source of AWS credentials the CDK CLI can use. */
export function hasAwsCredentials(env: NodeJS.ProcessEnv, home = homedir()): boolean {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return true;
  if (env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI)
    return true;
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) return true;
  const files = [
    env.AWS_SHARED_CREDENTIALS_FILE,
    env.AWS_CONFIG_FILE,
    join(home, '.aws', 'credentials'),
    join(home, '.aws', 'config'),
  ];
  return files.some((file) => file !== undefined && existsSync(file));
}

/** The CDK CLI arguments that deploy `stackName` from a synthesized assembly. */
export function cdkDeployArgs(assemblyDir: string, stackName: string): string[] {
  return [
    '--yes',
    'aws-cdk@2',
    'deploy',
    '--app',
    assemblyDir,
    stackName,
    '--require-approval',
    'broadening',
  ];
}

/**
 * `blockyard deploy`: refuses early (exit 1) without credentials, then synthesizes into `--out` and
 * runs `npx aws-cdk deploy` on the result, passing its exit status through.
 */
export async function runDeploy(
  flags: AwsFlags,
  io: OutputStreams & { env: NodeJS.ProcessEnv },
): Promise<number> {
  if (!hasAwsCredentials(io.env)) {
    io.stderr.write(
      'No AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run "aws sso login", then try again.\n',
    );
    return 1;
  }
  const assemblyDir = flags.outDir ?? join(flags.appDir, 'cdk.out');
  await synthesize(flags, assemblyDir, io.env);
  io.stdout.write(`Deploying ${flags.stackName} from ${assemblyDir}\n`);
  const child = spawn('npx', cdkDeployArgs(assemblyDir, flags.stackName), {
    cwd: flags.appDir,
    env: io.env,
    stdio: ['inherit', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => io.stdout.write(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => io.stderr.write(chunk.toString()));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      io.stderr.write(`Could not run the AWS CDK CLI: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}
