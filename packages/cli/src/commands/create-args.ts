import { CliError, CliErrors } from '../cli/errors.js';

/** The arguments of `create` or `add`, split but not yet interpreted. */
export interface CommandArgs {
  positionals: string[];
  values: Map<string, string>;
  switches: Set<string>;
  help: boolean;
}

/** A usage error (exit status 2) that points at the command's help. */
export function commandUsageError(command: string, message: string): CliError {
  return new CliError(CliErrors.Usage, `${message}\nRun "blockyard ${command} --help" for usage.`);
}

/**
 * Splits `argv` into positionals, `--name value` / `--name=value` options and switches; an option
 * that is neither in `valueFlags` nor in `switchFlags` is a usage error.
 */
export function splitCommandArgs(
  command: string,
  argv: readonly string[],
  valueFlags: readonly string[],
  switchFlags: readonly string[],
): CommandArgs {
  const parsed: CommandArgs = { positionals: [], values: new Map(), switches: new Set(), help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      parsed.help = true;
      continue;
    }
    if (!arg.startsWith('-')) {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (valueFlags.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '' || (eq === -1 && value.startsWith('-'))) {
        throw commandUsageError(command, `Option ${name} needs a value.`);
      }
      parsed.values.set(name, value);
    } else if (switchFlags.includes(name) && eq === -1) {
      parsed.switches.add(name);
    } else {
      throw commandUsageError(command, `Unknown option "${arg}" for "blockyard ${command}".`);
    }
  }
  return parsed;
}
