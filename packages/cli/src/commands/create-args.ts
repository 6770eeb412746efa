import { CliError, CliErrors } from '../cli/errors.js';

/** A command's arguments, split but not yet interpreted. */
export interface CommandArgs {
  positionals: string[];
  /** The value of each option given (the last one when an option is repeated). */
  values: Map<string, string>;
  /** Every value of each option given, in order, for options that may be repeated. */
  repeated: Map<string, string[]>;
  switches: Set<string>;
  /** `-h` or `--help` was given; the arguments after it are not read. */
  help: boolean;
}

/** A usage error (exit status 2) that points at the command's help. */
export function commandUsageError(command: string, message: string): CliError {
  return new CliError(CliErrors.Usage, `${message}\nRun "blockyard ${command} --help" for usage.`);
}

/**
 * The one reader of a command's arguments: splits `argv` into positionals, `--name value` /
 * `--name=value` options and switches. An option that is neither in `valueFlags` nor in
 * `switchFlags` is a usage error, and so is an option without its value; a value may start with one
 * dash (`--port -1` is a bad port, not a missing value), not with two.
 */
export function splitCommandArgs(
  command: string,
  argv: readonly string[],
  valueFlags: Iterable<string>,
  switchFlags: Iterable<string>,
): CommandArgs {
  const valued = new Set(valueFlags);
  const switched = new Set(switchFlags);
  const parsed: CommandArgs = {
    positionals: [],
    values: new Map(),
    repeated: new Map(),
    switches: new Set(),
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { ...parsed, help: true };
    if (!arg.startsWith('-')) {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (valued.has(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
        throw commandUsageError(command, `Option ${name} needs a value.`);
      }
      parsed.values.set(name, value);
      parsed.repeated.set(name, [...(parsed.repeated.get(name) ?? []), value]);
    } else if (switched.has(name) && eq === -1) {
      parsed.switches.add(name);
    } else {
      throw commandUsageError(command, `Unknown option "${arg}" for "blockyard ${command}".`);
    }
  }
  return parsed;
}
