import { resolve } from 'node:path';
import { type AmplifyFlags, parseAmplifyArgs } from '../commands/amplify-overlay.js';
import { splitCommandArgs } from '../commands/create-args.js';
import { type DataInvocation, isDataCommand, parseDataArgs } from '../commands/data-args.js';
import { type GenerateInvocation, parseGenerateArgs } from '../commands/generate-args.js';
import { type AwsInvocation, parseAwsArgs } from '../commands/synth-args.js';
import { CliError, CliErrors } from './errors.js';
import type { ParseContext, ServeFlags } from './types.js';
import { type CommandName, usageText } from './usage.js';

// Also importable from here, where they used to live.

/** Default port of `sandbox` and `start`. */
export const DEFAULT_PORT = 3001;
/** Default bind address of `sandbox` and `start` (D-05: loopback unless told otherwise). */
export const DEFAULT_HOST = '127.0.0.1';

/** What the command line asks for. */
export type CliInvocation =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'serve'; command: CommandName; flags: ServeFlags }
  | { kind: 'project'; command: 'create' | 'add'; argv: string[] }
  | GenerateInvocation
  | AwsInvocation
  | DataInvocation
  | { kind: 'amplify'; flags: AmplifyFlags };

const VALUE_FLAGS: Record<CommandName, ReadonlySet<string>> = {
  sandbox: new Set([
    '--dir',
    '--port',
    '--host',
    '--static',
    '--frontend',
    '--frontend-port',
    '--allow-host',
  ]),
  start: new Set(['--dir', '--port', '--host']),
};
const SWITCHES: Record<CommandName, ReadonlySet<string>> = {
  sandbox: new Set(['--no-watch', '--quiet']),
  start: new Set(),
};

function usageError(message: string, command?: CommandName): CliError {
  const hint = command ? `blockyard ${command} --help` : 'blockyard --help';
  return new CliError(CliErrors.Usage, `${message}\nRun "${hint}" for usage.`);
}

function isCommand(value: string): value is CommandName {
  return value === 'sandbox' || value === 'start';
}

/** True when an environment flag such as `BLOCKS_DEV_QUIET` is set to something other than off. */
export function envFlagIsOn(value: string | undefined): boolean {
  if (value === undefined) return false;
  const normalized = value.trim().toLowerCase();
  return (
    normalized !== '' &&
    normalized !== '0' &&
    normalized !== 'false' &&
    normalized !== 'no' &&
    normalized !== 'off'
  );
}

function parsePort(raw: string, command: CommandName): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw usageError(`Invalid port "${raw}": expected an integer from 0 to 65535.`, command);
  }
  return Number(raw);
}

// A host name, an IPv4 address or a bracketed IPv6 address, with an optional port.
const HOST_ENTRY = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$/;

function parseAllowHost(raw: string, command: CommandName): string {
  const entry = raw.includes(':') && !raw.startsWith('[') && raw.split(':').length > 2 ? `[${raw}]` : raw;
  if (!HOST_ENTRY.test(entry)) {
    throw usageError(
      `Invalid --allow-host "${raw}": expected a host name or address, optionally with :port.`,
      command,
    );
  }
  return entry.toLowerCase();
}

/**
 * Parses the arguments after `blockyard`. Throws a {@link CliError} named `UsageError` for an
 * unknown command or flag, a missing flag value or an invalid port.
 */
export function parseCliArgs(argv: readonly string[], context: ParseContext): CliInvocation {
  const [first, ...rest] = argv;
  if (first === undefined) throw usageError('Missing command.');
  if (first === '-h' || first === '--help') return { kind: 'help', text: usageText() };
  if (first === '-v' || first === '--version') return { kind: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === 'create' || topic === 'add') return { kind: 'project', command: topic, argv: ['--help'] };
    return { kind: 'help', text: usageText(topic !== undefined && isCommand(topic) ? topic : undefined) };
  }
  if (first === 'create' && rest.includes('--amplify')) return parseAmplifyArgs(rest, context);
  if (first === 'create' || first === 'add') return { kind: 'project', command: first, argv: rest };
  if (first === 'generate') return parseGenerateArgs(rest, context.cwd);
  if (first === 'synth' || first === 'deploy') return parseAwsArgs(first, rest, context);
  if (isDataCommand(first)) return parseDataArgs(first, rest, context);
  if (!isCommand(first)) throw usageError(`Unknown command "${first}".`);
  const command = first;

  const args = splitCommandArgs(command, rest, VALUE_FLAGS[command], SWITCHES[command]);
  if (args.help) return { kind: 'help', text: usageText(command) };
  const [extra] = args.positionals;
  if (extra !== undefined) throw usageError(`Unexpected argument "${extra}".`, command);
  const { values, switches } = args;
  const allowHosts = (args.repeated.get('--allow-host') ?? []).map((entry) => parseAllowHost(entry, command));

  const port = values.has('--port') ? parsePort(values.get('--port')!, command) : DEFAULT_PORT;
  if (values.has('--static') && values.has('--frontend'))
    throw usageError('Use --static or --frontend, not both.', command);
  if (values.has('--frontend-port') && !values.has('--frontend'))
    throw usageError('--frontend-port needs --frontend.', command);
  return {
    kind: 'serve',
    command,
    flags: {
      appDir: resolve(context.cwd, values.get('--dir') ?? '.'),
      ...(values.has('--dir') ? { dir: values.get('--dir') } : {}),
      port,
      host: values.get('--host') ?? DEFAULT_HOST,
      watch: command === 'sandbox' && !switches.has('--no-watch'),
      quiet: switches.has('--quiet') || (command === 'sandbox' && envFlagIsOn(context.env.BLOCKS_DEV_QUIET)),
      ...(values.has('--static') && { staticDir: resolve(context.cwd, values.get('--static')!) }),
      ...(values.has('--frontend') && { frontendCommand: values.get('--frontend')! }),
      ...(values.has('--frontend-port') && {
        frontendPort: parsePort(values.get('--frontend-port')!, command),
      }),
      ...(allowHosts.length > 0 && { allowHosts }),
    },
  };
}
