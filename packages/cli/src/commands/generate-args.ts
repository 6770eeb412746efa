import { resolve } from 'node:path';
import { CliError, CliErrors } from '../cli/errors.js';
import { splitCommandArgs } from './create-args.js';

/** The languages `blockyard generate client` writes. */
export const CLIENT_LANGUAGES = ['ts', 'swift', 'kotlin', 'dart'] as const;
/** One of {@link CLIENT_LANGUAGES}. */
export type ClientLanguage = (typeof CLIENT_LANGUAGES)[number];

/** `blockyard generate spec`, validated. */
export interface GenerateSpecFlags {
  /** Absolute path of the app folder. */
  appDir: string;
  /** Absolute path of the spec to write (default `<app>/aws-blocks/blocks.spec.json`). */
  out: string;
}

/** `blockyard generate client`, validated. */
export interface GenerateClientFlags {
  appDir: string;
  lang: ClientLanguage;
  /** The spec to read (default `<app>/aws-blocks/blocks.spec.json`, generated when missing). */
  spec: string;
  /** The folder to write into (default `<app>/clients/<lang>`). */
  out: string;
  /** Package (Kotlin, Dart, Swift) or module name; undefined for the language's default. */
  packageName?: string;
}

/** What `blockyard generate …` asks for. */
export type GenerateInvocation =
  | { kind: 'help'; text: string }
  | { kind: 'generate-spec'; flags: GenerateSpecFlags }
  | { kind: 'generate-client'; flags: GenerateClientFlags };

/** Help of `blockyard generate`. */
export const GENERATE_USAGE = `Usage: blockyard generate spec [--dir <app>] [--out <file>]
       blockyard generate client [--dir <app>] [--lang ts|swift|kotlin|dart] [--spec <file>]
                                 [--out <dir>] [--package <name>]

spec    writes the app's blocks.spec.json (OpenRPC 1.3.2) from the types of <app>/aws-blocks/index.ts
client  writes a client for one language from the spec (generated first when it is missing)

Options:
  --dir <app>       App folder (default: the current directory)
  --out <path>      spec: the file (default: <app>/aws-blocks/blocks.spec.json);
                    client: the folder (default: <app>/clients/<lang>)
  --lang <lang>     ts, swift, kotlin or dart (default: ts)
  --spec <file>     The spec to read (default: <app>/aws-blocks/blocks.spec.json)
  --package <name>  Package name: Kotlin package, Dart package, Swift package (defaults per language)
  -h, --help        Show this help
`;

const VALUE_FLAGS = {
  spec: new Set(['--dir', '--out']),
  client: new Set(['--dir', '--out', '--lang', '--spec', '--package']),
};

function usageError(message: string): CliError {
  return new CliError(CliErrors.Usage, `${message}\nRun "blockyard generate --help" for usage.`);
}

/** Parses the arguments after `blockyard generate`; throws a `UsageError` CliError for bad ones. */
export function parseGenerateArgs(argv: readonly string[], cwd: string): GenerateInvocation {
  const [target, ...rest] = argv;
  if (target === undefined || target === '-h' || target === '--help')
    return { kind: 'help', text: GENERATE_USAGE };
  if (target !== 'spec' && target !== 'client') {
    throw usageError(`Unknown generate target "${target}": expected spec or client.`);
  }
  const args = splitCommandArgs(`generate ${target}`, rest, VALUE_FLAGS[target], []);
  if (args.help) return { kind: 'help', text: GENERATE_USAGE };
  const [extra] = args.positionals;
  if (extra !== undefined) throw usageError(`Unexpected argument "${extra}".`);
  const { values } = args;
  const appDir = resolve(cwd, values.get('--dir') ?? '.');
  const defaultSpec = resolve(appDir, 'aws-blocks', 'blocks.spec.json');
  if (target === 'spec') {
    return {
      kind: 'generate-spec',
      flags: { appDir, out: resolve(cwd, values.get('--out') ?? defaultSpec) },
    };
  }
  const lang = values.get('--lang') ?? 'ts';
  if (!(CLIENT_LANGUAGES as readonly string[]).includes(lang)) {
    throw usageError(`Unknown language "${lang}": expected one of ${CLIENT_LANGUAGES.join(', ')}.`);
  }
  const packageName = values.get('--package');
  if (packageName !== undefined && !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(packageName)) {
    throw usageError(`Invalid package name "${packageName}".`);
  }
  return {
    kind: 'generate-client',
    flags: {
      appDir,
      lang: lang as ClientLanguage,
      spec: resolve(cwd, values.get('--spec') ?? defaultSpec),
      out: resolve(cwd, values.get('--out') ?? resolve(appDir, 'clients', lang)),
      ...(packageName === undefined ? {} : { packageName }),
    },
  };
}
