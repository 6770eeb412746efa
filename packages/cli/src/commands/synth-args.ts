import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliError } from '../cli/errors.js';
import type { ParseContext } from '../cli/types.js';
import { commandUsageError, splitCommandArgs } from './create-args.js';

/** Options of `blockyard synth` and `blockyard deploy`, validated. */
export interface AwsFlags {
  /** Absolute path of the app folder. */
  appDir: string;
  /** Where the cloud assembly goes (absolute), or `undefined` to print the template only. */
  outDir: string | undefined;
  /** CloudFormation stack name. */
  stackName: string;
}

/** Help of `blockyard synth`. */
export const SYNTH_USAGE = `Usage: blockyard synth [--dir <app>] [--out <dir>] [--stack <name>]

Builds the AWS deployment of <app>/aws-blocks/index.ts with the BlocksBackend CDK construct and prints
its CloudFormation template; with --out, writes the cloud assembly (template and function bundle)
to <dir> instead, ready for "cdk deploy --app <dir>". CORS_ALLOWED_ORIGINS and BLOCKS_ALLOWED_HOSTS
are read from the environment, as "blockyard start" reads them. Needs aws-cdk-lib and constructs.

Options:
  --dir <app>      App folder (default: the current directory)
  --out <dir>      Write the cloud assembly here
  --stack <name>   Stack name (default: <package name>-blocks)
  -h, --help       Show this help
`;

/** What `blockyard synth|deploy` asks for. */
export type AwsInvocation =
  | { kind: 'help'; text: string }
  | { kind: 'aws'; command: 'synth' | 'deploy'; flags: AwsFlags };

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

function usage(message: string, command: string): CliError {
  return commandUsageError(command, message);
}

/** `<package name>-blocks`, sanitised to a CloudFormation stack name. */
export function defaultStackName(appDir: string): string {
  let name = 'blocks-app';
  try {
    const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof pkg.name === 'string') name = pkg.name.replace(/^@[^/]+\//, '');
  } catch {
    // No package.json: the default name.
  }
  const cleaned = name
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, 100);
  return `${cleaned || 'blocks-app'}-blocks`;
}

/** Parses the arguments after `blockyard synth` or `blockyard deploy`. */
export function parseAwsArgs(
  command: 'synth' | 'deploy',
  argv: readonly string[],
  context: ParseContext,
): AwsInvocation {
  const help = command === 'synth' ? SYNTH_USAGE : DEPLOY_USAGE;
  const args = splitCommandArgs(command, argv, ['--dir', '--out', '--stack'], []);
  if (args.help) return { kind: 'help', text: help };
  const [extra] = args.positionals;
  if (extra !== undefined) throw usage(`Unexpected argument "${extra}".`, command);
  const { values } = args;
  const appDir = resolve(context.cwd, values.get('--dir') ?? '.');
  const stackName = values.get('--stack') ?? defaultStackName(appDir);
  if (!STACK_NAME.test(stackName)) {
    throw usage(`Invalid stack name "${stackName}": letters, digits and -, starting with a letter.`, command);
  }
  const out = values.get('--out');
  return {
    kind: 'aws',
    command,
    flags: { appDir, outDir: out === undefined ? undefined : resolve(context.cwd, out), stackName },
  };
}

/** Help of `blockyard deploy`. */
export const DEPLOY_USAGE = `Usage: blockyard deploy [--dir <app>] [--out <dir>] [--stack <name>]

Synthesizes the app (as "blockyard synth --out <dir>", default <app>/cdk.out) and deploys the stack
with the AWS CDK CLI ("npx aws-cdk deploy"), printing the ApiUrl output. Needs AWS credentials
(AWS_PROFILE, AWS_ACCESS_KEY_ID, SSO or a role) and an account and region bootstrapped once with
"npx aws-cdk bootstrap".

Options:
  --dir <app>      App folder (default: the current directory)
  --out <dir>      Where the cloud assembly is written (default: <app>/cdk.out)
  --stack <name>   Stack name (default: <package name>-blocks)
  -h, --help       Show this help
`;
