import { OptionsError } from '@blockyard/core/block';
import { readServerEnv as readEnv, type ServerEnv } from '@blockyard/core/internal';
import { CliError, CliErrors } from '../cli/errors.js';

export type { ServerEnv };

/** Reads the server environment (core's one reader); a bad value is a usage error naming the setting. */
export function readServerEnv(env: NodeJS.ProcessEnv): ServerEnv {
  try {
    return readEnv(env);
  } catch (error) {
    if (error instanceof OptionsError) throw new CliError(CliErrors.Usage, error.message, { cause: error });
    throw error;
  }
}
