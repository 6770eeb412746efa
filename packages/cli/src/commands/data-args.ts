import { resolve } from 'node:path';
import type { CliError } from '../cli/errors.js';
import type { ParseContext } from '../cli/types.js';
import type { CollisionPolicy } from '../data/reference-import.js';
import { commandUsageError, splitCommandArgs } from './create-args.js';

/** The data commands. */
export type DataCommand = 'backup' | 'restore' | 'migrate' | 'import';

/** Options of the data commands, validated. */
export interface DataFlags {
  /** Absolute app folder: home of the default engine and base of relative `sqlite:` paths. */
  appDir: string;
  /** The engine the command works on (`--url`); default: `BLOCKS_DATABASE_URL` or the app's SQLite file. */
  url?: string;
  /** backup/restore: the file (absolute); import: the reference `.bb-data` folder (absolute). */
  path?: string;
  from?: string;
  to?: string;
  merge: boolean;
  includeSecretsInClear: boolean;
  onCollision: CollisionPolicy;
  caseSensitive: boolean;
  fromDynamoDb?: string;
  region?: string;
  endpoint?: string;
}

/** What `blockyard backup|restore|migrate|import` asks for. */
export type DataInvocation =
  | { kind: 'help'; text: string }
  | { kind: 'data'; command: DataCommand; flags: DataFlags };

const ENGINE_NOTE = `The engine is --url, else BLOCKS_DATABASE_URL, else SQLite in <app>/.bb-data/blocks.db.`;

/** Help of `blockyard backup`. */
export const BACKUP_USAGE = `Usage: blockyard backup <file> [--dir <app>] [--url <engine>] [--include-secrets-in-clear]

Writes every table of the app's engine to <file>: gzip of JSON lines (format version 1) with a
header naming the tables and a trailer with each table's count and digest, read from one snapshot.
Secrets (settings, signing keys) are encrypted with AES-256-GCM under BLOCKS_BACKUP_KEY.
${ENGINE_NOTE}

Options:
  --dir <app>     App folder (default: the current directory)
  --url <engine>  Engine URL: sqlite:<path>, postgres://…, dynamodb://…
  --include-secrets-in-clear  Write secrets unencrypted when BLOCKS_BACKUP_KEY is not set
  -h, --help      Show this help
`;

/** Help of `blockyard restore`. */
export const RESTORE_USAGE = `Usage: blockyard restore <file> [--dir <app>] [--url <engine>] [--merge]

Checks the whole backup first (format version, every line, decryption with BLOCKS_BACKUP_KEY, each
table's count and digest), then writes it into the app's engine, resumably, and verifies the result.
Refuses an engine that already holds data unless --merge. ${ENGINE_NOTE}

Options:
  --dir <app>     App folder (default: the current directory)
  --url <engine>  Engine URL: sqlite:<path>, postgres://…, dynamodb://…, memory:
  --merge         Write into an engine that holds data (items with the same key are replaced)
  -h, --help      Show this help
`;

/** Help of `blockyard migrate`. */
export const MIGRATE_USAGE = `Usage: blockyard migrate --from <url> --to <url> [--merge] [--dir <app>]

Copies every table, item and expiry (users, sessions, codes, counters, settings, signing keys) from
one engine to another in batches, resumable after an interruption (run it again), then compares
both item by item and prints each table's count and digest. Stop the servers writing to the source first.

Options:
  --from <url>    Source engine: sqlite:<path>, postgres://…, dynamodb://…, memory:
  --to <url>      Target engine: sqlite:<path>, postgres://…, dynamodb://…
  --merge         Copy into a target that holds data (items with the same key are replaced)
  --dir <app>     Folder that relative sqlite: paths are resolved against (default: the current directory)
  -h, --help      Show this help
`;

/** Help of `blockyard import`. */
export const IMPORT_USAGE = `Usage: blockyard import aws-blocks <folder> [options]
       blockyard import aws-blocks --from-dynamodb <table-prefix> [--region <r>] [--endpoint <url>] [options]

Brings an AWS Blocks app's data into the app's engine: from its local .bb-data/ folder (KVStore
store.json files, settings.json) or its DynamoDB tables (<table-prefix><fullId>). Every item keeps its
expiry; AuthBasic users keep their bcrypt hashes (argon2id from their next sign-in) and their
unconfirmed state, under canonical usernames. The reference's jwt-secret is not imported.
${ENGINE_NOTE}

Options:
  --dir <app>        App folder (default: the current directory)
  --url <engine>     Engine URL: sqlite:<path>, postgres://…, dynamodb://…
  --on-collision <keep-first|skip>  Usernames equal once canonicalised: keep the earliest, or skip all
                     (default: stop and list them, writing nothing)
  --username-case-sensitive  Keep usernames verbatim (the app sets usernameCaseSensitive: true)
  --merge            Import into an engine that holds data
  --from-dynamodb <table-prefix>  Read the reference's DynamoDB tables instead of a folder
  --region <r>       AWS region of those tables
  --endpoint <url>   DynamoDB endpoint (a local implementation)
  -h, --help         Show this help
`;

const USAGES: Record<DataCommand, string> = {
  backup: BACKUP_USAGE,
  restore: RESTORE_USAGE,
  migrate: MIGRATE_USAGE,
  import: IMPORT_USAGE,
};

const VALUES: Record<DataCommand, readonly string[]> = {
  backup: ['--dir', '--url'],
  restore: ['--dir', '--url'],
  migrate: ['--dir', '--from', '--to'],
  import: ['--dir', '--url', '--on-collision', '--from-dynamodb', '--region', '--endpoint'],
};
const SWITCHES: Record<DataCommand, readonly string[]> = {
  backup: ['--include-secrets-in-clear'],
  restore: ['--merge'],
  migrate: ['--merge'],
  import: ['--merge', '--username-case-sensitive'],
};

function usage(message: string, command: DataCommand): CliError {
  return commandUsageError(command, message);
}

/** Whether `name` is one of the data commands. */
export function isDataCommand(name: string): name is DataCommand {
  return name === 'backup' || name === 'restore' || name === 'migrate' || name === 'import';
}

/** Parses the arguments after `blockyard backup|restore|migrate|import`. */
export function parseDataArgs(
  command: DataCommand,
  argv: readonly string[],
  context: ParseContext,
): DataInvocation {
  const args = splitCommandArgs(command, argv, VALUES[command], SWITCHES[command]);
  if (args.help) return { kind: 'help', text: USAGES[command] };
  const { values, switches, positionals: positional } = args;
  const onCollision = values.get('--on-collision') ?? 'stop';
  if (onCollision !== 'stop' && onCollision !== 'keep-first' && onCollision !== 'skip') {
    throw usage(`Invalid --on-collision "${onCollision}": expected keep-first or skip.`, command);
  }
  const flags: DataFlags = {
    appDir: resolve(context.cwd, values.get('--dir') ?? '.'),
    merge: switches.has('--merge'),
    includeSecretsInClear: switches.has('--include-secrets-in-clear'),
    onCollision,
    caseSensitive: switches.has('--username-case-sensitive'),
  };
  for (const [flag, field] of [
    ['--url', 'url'],
    ['--from', 'from'],
    ['--to', 'to'],
    ['--from-dynamodb', 'fromDynamoDb'],
    ['--region', 'region'],
    ['--endpoint', 'endpoint'],
  ] as const) {
    const value = values.get(flag);
    if (value !== undefined) flags[field] = value;
  }
  if (command === 'migrate') {
    if (positional.length > 0) throw usage(`Unexpected argument "${positional[0]}".`, command);
    if (!flags.from || !flags.to) throw usage('migrate needs --from <url> and --to <url>.', command);
    if (flags.from === flags.to) throw usage('--from and --to name the same engine.', command);
    return { kind: 'data', command, flags };
  }
  if (command === 'import') {
    if (positional[0] !== 'aws-blocks')
      throw usage('Say what to import from: blockyard import aws-blocks <folder>.', command);
    const rest = positional.slice(1);
    if (flags.fromDynamoDb === undefined && rest.length !== 1) {
      throw usage(
        "import aws-blocks needs a <folder> (the reference app's .bb-data) or --from-dynamodb <table-prefix>.",
        command,
      );
    }
    if (flags.fromDynamoDb !== undefined && rest.length > 0)
      throw usage('Give a <folder> or --from-dynamodb, not both.', command);
    if (rest[0] !== undefined) flags.path = resolve(context.cwd, rest[0]);
    if (flags.fromDynamoDb === undefined && (flags.region || flags.endpoint)) {
      throw usage('--region and --endpoint go with --from-dynamodb.', command);
    }
    return { kind: 'data', command, flags };
  }
  if (positional.length !== 1) throw usage(`${command} needs one <file>.`, command);
  flags.path = resolve(context.cwd, positional[0] as string);
  return { kind: 'data', command, flags };
}
